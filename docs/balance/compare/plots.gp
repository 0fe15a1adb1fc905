# Made by `gofrobot simulate`: draws the CSV files of this directory into its SVG
# pictures. To draw them again: cd to this directory, then `gnuplot plots.gp`.
set encoding utf8
set terminal svg size 1500,560 dynamic enhanced font "DejaVu Sans,12" background rgb "white"
set output "growth_gofra.svg"
set multiplot layout 1,2 title "Рост гофры по дням (медиана и 10–90 % игроков)" font ",14"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "config/gofrobot.toml"
set xlabel "день"
set ylabel "гофра, мм (логарифмическая шкала)"
set logscale y
set key below
set xrange [1:60]
set yrange [9.72:16050.473999999971]
plot "a/daily.csv" skip 1 every ::0::59 using 1:4:6 with filledcurves fc rgb "#d62728" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::0::59 using 1:5 with lines lw 2 lc rgb "#d62728" title "давит, как только бак полон", \
  "a/daily.csv" skip 1 every ::60::119 using 1:4:6 with filledcurves fc rgb "#1f77b4" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::60::119 using 1:5 with lines lw 2 lc rgb "#1f77b4" title "заходит утром и вечером", \
  "a/daily.csv" skip 1 every ::120::179 using 1:4:6 with filledcurves fc rgb "#2ca02c" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::120::179 using 1:5 with lines lw 2 lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", \
  "a/daily.csv" skip 1 every ::180::239 using 1:4:6 with filledcurves fc rgb "#9467bd" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::180::239 using 1:5 with lines lw 2 lc rgb "#9467bd" title "заходит раз в 1–4 дня"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "docs/balance/pvp-gains-halved.toml"
set xlabel "день"
set ylabel "гофра, мм (логарифмическая шкала)"
set logscale y
set key below
set xrange [1:60]
set yrange [9.72:16050.473999999971]
plot "b/daily.csv" skip 1 every ::0::59 using 1:4:6 with filledcurves fc rgb "#d62728" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::0::59 using 1:5 with lines lw 2 lc rgb "#d62728" title "давит, как только бак полон", \
  "b/daily.csv" skip 1 every ::60::119 using 1:4:6 with filledcurves fc rgb "#1f77b4" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::60::119 using 1:5 with lines lw 2 lc rgb "#1f77b4" title "заходит утром и вечером", \
  "b/daily.csv" skip 1 every ::120::179 using 1:4:6 with filledcurves fc rgb "#2ca02c" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::120::179 using 1:5 with lines lw 2 lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", \
  "b/daily.csv" skip 1 every ::180::239 using 1:4:6 with filledcurves fc rgb "#9467bd" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::180::239 using 1:5 with lines lw 2 lc rgb "#9467bd" title "заходит раз в 1–4 дня"
unset multiplot
set output
set output "growth_cable.svg"
set multiplot layout 1,2 title "Рост кабеля по дням (медиана и 10–90 % игроков)" font ",14"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "config/gofrobot.toml"
set xlabel "день"
set ylabel "кабель, мм (логарифмическая шкала)"
set logscale y
set key below
set xrange [1:60]
set yrange [9:276.2319999999926]
plot "a/daily.csv" skip 1 every ::0::59 using 1:7:9 with filledcurves fc rgb "#d62728" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::0::59 using 1:8 with lines lw 2 lc rgb "#d62728" title "давит, как только бак полон", \
  "a/daily.csv" skip 1 every ::60::119 using 1:7:9 with filledcurves fc rgb "#1f77b4" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::60::119 using 1:8 with lines lw 2 lc rgb "#1f77b4" title "заходит утром и вечером", \
  "a/daily.csv" skip 1 every ::120::179 using 1:7:9 with filledcurves fc rgb "#2ca02c" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::120::179 using 1:8 with lines lw 2 lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", \
  "a/daily.csv" skip 1 every ::180::239 using 1:7:9 with filledcurves fc rgb "#9467bd" fs transparent solid 0.15 notitle, \
  "a/daily.csv" skip 1 every ::180::239 using 1:8 with lines lw 2 lc rgb "#9467bd" title "заходит раз в 1–4 дня"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "docs/balance/pvp-gains-halved.toml"
set xlabel "день"
set ylabel "кабель, мм (логарифмическая шкала)"
set logscale y
set key below
set xrange [1:60]
set yrange [9:276.2319999999926]
plot "b/daily.csv" skip 1 every ::0::59 using 1:7:9 with filledcurves fc rgb "#d62728" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::0::59 using 1:8 with lines lw 2 lc rgb "#d62728" title "давит, как только бак полон", \
  "b/daily.csv" skip 1 every ::60::119 using 1:7:9 with filledcurves fc rgb "#1f77b4" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::60::119 using 1:8 with lines lw 2 lc rgb "#1f77b4" title "заходит утром и вечером", \
  "b/daily.csv" skip 1 every ::120::179 using 1:7:9 with filledcurves fc rgb "#2ca02c" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::120::179 using 1:8 with lines lw 2 lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", \
  "b/daily.csv" skip 1 every ::180::239 using 1:7:9 with filledcurves fc rgb "#9467bd" fs transparent solid 0.15 notitle, \
  "b/daily.csv" skip 1 every ::180::239 using 1:8 with lines lw 2 lc rgb "#9467bd" title "заходит раз в 1–4 дня"
unset multiplot
set output
set output "days_to_level.svg"
set multiplot layout 1,2 title "Сколько дней до уровня (медиана игроков; черта: 10–90 %, до верха — не все дошли)" font ",14"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "config/gofrobot.toml"
set ylabel "дней с начала игры"
set xtics rotate by -35 ("Новая гофра" 0, "Слегка разъезжена" 1, "Рабочая гофра" 2, "Разъезжена хорошо" 3, "Заезженная гофра" 4, "Убитая гофра" 5, "Легендарная гофра" 6, "Царь-гофра" 7, "БОГ ГОФРЫ" 8, "ВСЕЛЕННАЯ ГОФРА" 9, "КОСМИЧЕСКАЯ ГОФРА" 10)
set xrange [-0.5:10.5]
set yrange [0:60]
set bmargin 8
set rmargin 12
plot "a/levels.csv" skip 1 every ::0::10 using ($2+-0.18):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#d62728" title "давит, как только бак полон", "a/levels.csv" skip 1 every ::11::21 using ($2+-0.06):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#1f77b4" title "заходит утром и вечером", "a/levels.csv" skip 1 every ::22::32 using ($2+0.06):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", "a/levels.csv" skip 1 every ::33::43 using ($2+0.18):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#9467bd" title "заходит раз в 1–4 дня"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "docs/balance/pvp-gains-halved.toml"
set ylabel "дней с начала игры"
set xtics rotate by -35 ("Новая гофра" 0, "Слегка разъезжена" 1, "Рабочая гофра" 2, "Разъезжена хорошо" 3, "Заезженная гофра" 4, "Убитая гофра" 5, "Легендарная гофра" 6, "Царь-гофра" 7, "БОГ ГОФРЫ" 8, "ВСЕЛЕННАЯ ГОФРА" 9, "КОСМИЧЕСКАЯ ГОФРА" 10)
set xrange [-0.5:10.5]
set yrange [0:60]
set bmargin 8
set rmargin 12
plot "b/levels.csv" skip 1 every ::0::10 using ($2+-0.18):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#d62728" title "давит, как только бак полон", "b/levels.csv" skip 1 every ::11::21 using ($2+-0.06):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#1f77b4" title "заходит утром и вечером", "b/levels.csv" skip 1 every ::22::32 using ($2+0.06):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", "b/levels.csv" skip 1 every ::33::43 using ($2+0.18):6:5:(valid(7) ? $7 : 60) with yerrorlines lw 2 pt 7 lc rgb "#9467bd" title "заходит раз в 1–4 дня"
unset multiplot
set output
set output "final_levels.svg"
set multiplot layout 1,2 title "Уровни игроков через 60 дн. (доля игроков привычки)" font ",14"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "config/gofrobot.toml"
set ylabel "игроков, %"
set xtics rotate by -35 ("Новая гофра" 0, "Слегка разъезжена" 1, "Рабочая гофра" 2, "Разъезжена хорошо" 3, "Заезженная гофра" 4, "Убитая гофра" 5, "Легендарная гофра" 6, "Царь-гофра" 7, "БОГ ГОФРЫ" 8, "ВСЕЛЕННАЯ ГОФРА" 9, "КОСМИЧЕСКАЯ ГОФРА" 10)
set xrange [-0.5:10.5]
set yrange [0:100]
set bmargin 8
set rmargin 12
set style fill solid 0.8 border -1
set boxwidth 0.2
plot "a/final_levels.csv" skip 1 every ::0::10 using ($2+-0.30000000000000004):($5*100) with boxes lc rgb "#d62728" title "давит, как только бак полон", "a/final_levels.csv" skip 1 every ::11::21 using ($2+-0.1):($5*100) with boxes lc rgb "#1f77b4" title "заходит утром и вечером", "a/final_levels.csv" skip 1 every ::22::32 using ($2+0.1):($5*100) with boxes lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", "a/final_levels.csv" skip 1 every ::33::43 using ($2+0.30000000000000004):($5*100) with boxes lc rgb "#9467bd" title "заходит раз в 1–4 дня"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "docs/balance/pvp-gains-halved.toml"
set ylabel "игроков, %"
set xtics rotate by -35 ("Новая гофра" 0, "Слегка разъезжена" 1, "Рабочая гофра" 2, "Разъезжена хорошо" 3, "Заезженная гофра" 4, "Убитая гофра" 5, "Легендарная гофра" 6, "Царь-гофра" 7, "БОГ ГОФРЫ" 8, "ВСЕЛЕННАЯ ГОФРА" 9, "КОСМИЧЕСКАЯ ГОФРА" 10)
set xrange [-0.5:10.5]
set yrange [0:100]
set bmargin 8
set rmargin 12
set style fill solid 0.8 border -1
set boxwidth 0.2
plot "b/final_levels.csv" skip 1 every ::0::10 using ($2+-0.30000000000000004):($5*100) with boxes lc rgb "#d62728" title "давит, как только бак полон", "b/final_levels.csv" skip 1 every ::11::21 using ($2+-0.1):($5*100) with boxes lc rgb "#1f77b4" title "заходит утром и вечером", "b/final_levels.csv" skip 1 every ::22::32 using ($2+0.1):($5*100) with boxes lc rgb "#2ca02c" title "боец: 4 раза в день, бои до лимита", "b/final_levels.csv" skip 1 every ::33::43 using ($2+0.30000000000000004):($5*100) with boxes lc rgb "#9467bd" title "заходит раз в 1–4 дня"
unset multiplot
set output
set output "pvp_win_rate.svg"
set multiplot layout 1,2 title "Радёмка: победы нападающего по разнице уровней" font ",14"
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "config/gofrobot.toml"
set xlabel "уровень нападающего минус уровень защитника"
set ylabel "%"
set xrange [-5.5:5.5]
set key top left
set xtics 1
set yrange [0:110]
set style fill solid 0.5 border -1
set boxwidth 0.7
plot "a/pvp.csv" skip 1 using 1:($4*100) with boxes lc rgb "#1f77b4" title "доля побед нападающего", \
  "a/pvp.csv" skip 1 using 1:5 with linespoints lw 2 pt 7 lc rgb "#d62728" title "средний шанс по формуле", \
  "a/pvp.csv" skip 1 using 1:(2):(sprintf("%d боёв", $2)) with labels rotate by 90 left font ",9" notitle
reset session
set encoding utf8
set datafile separator ","
set grid
set key top left box opaque
set title "docs/balance/pvp-gains-halved.toml"
set xlabel "уровень нападающего минус уровень защитника"
set ylabel "%"
set xrange [-5.5:5.5]
set key top left
set xtics 1
set yrange [0:110]
set style fill solid 0.5 border -1
set boxwidth 0.7
plot "b/pvp.csv" skip 1 using 1:($4*100) with boxes lc rgb "#1f77b4" title "доля побед нападающего", \
  "b/pvp.csv" skip 1 using 1:5 with linespoints lw 2 pt 7 lc rgb "#d62728" title "средний шанс по формуле", \
  "b/pvp.csv" skip 1 using 1:(2):(sprintf("%d боёв", $2)) with labels rotate by 90 left font ",9" notitle
unset multiplot
set output
