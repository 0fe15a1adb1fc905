#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the tests' inputs (run from anywhere:
python3 fuzz/seeds.py). The JSON, HTTP and TOML seeds are the tests' own texts; the
targets that read a FuzzedDataProvider stream (router, config_env, legacy_rows) get it
encoded here: strings from the front (a backslash and another byte end one, two backslashes
are one), numbers from the back, as FuzzedDataProvider reads them.

Crash inputs found by fuzzing are kept beside the seeds as regression-*: this script never
removes a file, it only (re)writes the seed-* ones."""
import hashlib
import pathlib
import re
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + hashlib.sha1(data).hexdigest()[:12])).write_bytes(data)


def raw_strings(path, tag=""):
    text = (ROOT / path).read_text()
    return re.findall(r'R"' + tag + r'\((.*?)\)' + tag + '"', text, re.S)


class Stream:
    """A FuzzedDataProvider input, built in the order the target consumes it."""

    def __init__(self):
        self.front = bytearray()
        self.back = bytearray()  # in consumption order; reversed at the end

    def string(self, s):
        for b in s.encode() if isinstance(s, str) else s:
            self.front += b"\\\\" if b == 0x5C else bytes([b])
        self.front += b"\\ "  # ends the string

    def last_string(self, s):  # ConsumeRemainingBytesAsString: taken as is
        self.front += s.encode() if isinstance(s, str) else s

    def integer(self, value, lo, hi):
        span, offset, out = hi - lo, 0, []
        value -= lo
        while offset < 64 and (span >> offset) > 0:
            out.append(0)
            offset += 8
        for i in range(len(out)):  # the first byte read is the most significant
            out[i] = (value >> (8 * (len(out) - 1 - i))) & 0xFF
        self.back += bytes(out)

    def int64(self, value):  # ConsumeIntegral<std::int64_t>: INT64_MIN + the raw bytes
        self.integer((value + 2**63) % 2**64, 0, 2**64 - 1)

    def boolean(self, b):
        self.back += bytes([1 if b else 0])

    def bytes(self):
        return bytes(self.front) + bytes(reversed(self.back))


# --- telegram_update: the Bot API vectors of the parser's tests -------------------------
vectors = raw_strings("tests/unit/bot/telegram_vectors.hpp", "json")
for v in vectors:
    write("telegram_update", v)
write("telegram_update", "[" + ",".join(vectors[:3]) + "]")
write("telegram_update", "[]")
for s in raw_strings("tests/unit/bot/telegram_parse_test.cpp"):
    if s.lstrip().startswith("{") and "update_id" in s:
        write("telegram_update", s)

# --- api_response: two bytes of HTTP status, then a Bot API answer ----------------------
answers = [
    (200, '{"ok":true,"result":true}'),
    (200, '{"ok":true,"result":null}'),
    (200, '{"ok":true,"result":[' + vectors[0] + "]}"),
    (200, '{"ok":true,"result":{"message_id":1401,"chat":{"id":5,"type":"private"},"date":1}}'),
    (200, '{"ok":true,"result":{"id":123456789,"is_bot":true,"first_name":"Gofro","username":"GofroBot"}}'),
    (400, '{"ok":false,"error_code":400,"description":"Bad Request: message is not modified"}'),
    (400, '{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}'),
    (429, '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}'),
    (400, '{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}}'),
    (401, '{"ok":false,"error_code":401,"description":"Unauthorized"}'),
    (409, '{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request"}'),
    (500, '{"ok":false,"error_code":500,"description":"Internal"}'),
    (502, "<html>Bad Gateway</html>"),
    (0, ""),
]
for status, body in answers:
    write("api_response", struct.pack(">H", status) + body.encode())

# --- webhook_head: requests as the server's tests and Telegram send them ----------------
body = vectors[0]
secret = "s3cr3t-T0ken"
heads = [
    f"POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
    f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\nContent-Length: {len(body.encode())}\r\n\r\n{body}",
    f"POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    "Transfer-Encoding: chunked\r\n\r\n40\r\n" + "a" * 64 + "\r\n0\r\n\r\n",
    f"POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    "Content-Length: 101\r\n\r\n",
    "POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nX-Telegram-Bot-Api-Secret-Token: wrong\r\n"
    "Content-Length: 2\r\n\r\n{}",
    "POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nContent-Length: 2\r\n\r\n{}",
    "GET /telegram/webhook HTTP/1.1\r\nHost: bot\r\n\r\n",
    "GET /x HTTP/1.1\r\nHost: t\r\n\r\n",
    "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
    "GET /x HTTP/1.1\r\nHost: t\r\nX-Big: " + "a" * 1100 + "\r\n\r\n",
    f"POST /telegram/webhook HTTP/1.0\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    "Content-Length: 2\r\n\r\n{}",
]
for h in heads:
    write("webhook_head", h)

# --- router: sessions of messages and buttons -------------------------------------------
MESSAGE, GROUP, REPLY, PRESS, WAIT = range(5)
commands = ["/start", "/menu", "/help", "/version", "/profile", "/gofra", "/cable", "/atm",
            "/davka", "/uletet", "/top", "/nickname", "/cancel", "/rademka", "/gofrastart",
            "/fight", "/протащить", "/радёмка", "/admin", "/Gofroadmin", "/top@gofrobot",
            "/start@OtherBot", "/davka@GofroBot now", "гофра", "Пацаны, змий!"]
buttons = ["davka", "uletet", "profile", "top", "top_gofra", "top_money", "top_atm",
           "top_reputation", "rademka", "rademka_random", "rademka_stats", "rademka_top",
           "rademka_confirm_2", "rademka_confirm_999", "chat_menu", "chat_davka", "chat_top",
           "chat_me", "chat_fight_2", "chat_nonsense", "gofra_info", "cable_info", "atm_status",
           "nickname_menu", "change_nickname", "back_main", "my_reputation", "adm_menu",
           "adm_stats", "adm_maint", "adm_maint_on", "adm_maint_off", "adm_db", "adm_players",
           "adm_system", "adm_cache_clear", "adm_audit", "adm_bc", "adm_bc_send", "adm_bc_stop",
           "adm_bc_drop", "adm_ban_2", "adm_unban_2", "adm_nick_2", "adm_reload", "adm_backup"]


def session(steps):
    s = Stream()
    for step in steps:
        kind = step[0]
        s.integer(kind, 0, 4)
        if kind == WAIT:
            s.integer(1, 1, 3)
            s.integer(step[1], 0, 48 * 3600)
            continue
        s.integer(step[1], 1, 3)
        if kind == PRESS:
            s.boolean(step[2])
            s.integer(100, 1, 200)
            s.string(step[3])
        else:
            if kind == REPLY:
                s.integer(step[2], 1, 3)
            s.string(step[-1])
    return s.bytes()


for c in commands:
    write("router", session([(MESSAGE, 2, "/start"), (MESSAGE, 2, c)]))
for b in buttons:
    user = 1 if b.startswith("adm_") else 2
    write("router", session([(MESSAGE, user, "/start"), (PRESS, user, b.startswith("chat_"), b)]))
write("router", session([(MESSAGE, 2, "/start"), (MESSAGE, 2, "/nickname"),
                         (MESSAGE, 2, "Гофромастер"), (PRESS, 2, False, "profile")]))
write("router", session([(GROUP, 2, "/gofrastart"), (GROUP, 3, "/davka"),
                         (REPLY, 2, 3, "/fight"), (PRESS, 3, True, "chat_fight_2")]))
write("router", session([(MESSAGE, 2, "/start"), (WAIT, 7200), (PRESS, 2, False, "davka")]))
for lookup in ["2", "#2", "id2", "@user2", "Игрок2", "@nobody", "Гофроед2"]:
    write("router", session([(MESSAGE, 2, "/start"), (MESSAGE, 1, "/admin"),
                             (PRESS, 1, False, "adm_players"), (MESSAGE, 1, lookup)]))
write("router", session([(MESSAGE, 2, "/start"), (MESSAGE, 1, "/admin"), (PRESS, 1, False, "adm_bc"),
                         (MESSAGE, 1, "Пацаны, обновление! *жирный* <b>тег</b>"),
                         (PRESS, 1, False, "adm_bc_send")]))

# --- config_toml: the shipped configuration and the loader tests' files -----------------
shipped = (ROOT / "config" / "gofrobot.toml").read_text()
write("config_toml", shipped)
for section in re.split(r"\n(?=\[)", shipped):
    write("config_toml", section)
for s in raw_strings("tests/unit/ops/load_config_test.cpp"):
    if "=" in s and len(s) < 4000:
        write("config_toml", s)
for s in ["", "[balance]\natm_max = = 3\n", "[bot]\ntoken = 123456789:AAHsecretTOKEN\n",
          "[telegram]\nwebhook_secret = 98765432109876543210987\n", "[bot]\ntoken = 123456\n",
          "[balance]\natm_max = 6\npvp_jitter = 1.0\n[log]\nlevel = \"debug\"\n"]:
    write("config_toml", s)

# --- config_env: a .env text, then variables (a known name or GOFROBOT_+text, a value) --
dotenv_example = (ROOT / ".env.example").read_text()
dotenvs = [dotenv_example, "GOOD=1\nthis line is wrong\nBAD=\"unterminated secret\n",
           "export GOFROBOT_LOG_LEVEL=debug # comment\nGOFROBOT_BALANCE_ATM_MAX='6'\n"
           "GOFROBOT_TELEGRAM_MODE=\"webhook\\n\"\n", "\ufeffBOT_TOKEN=123:abc\r\n"]
variables = [[], [(True, 0, "debug")], [(False, "LOG_LEVEL", "loud"), (True, 3, "12")],
             [(False, "BALANCE_ATM_MAXX", "6")]]
for i, text in enumerate(dotenvs):
    for vars_ in variables:
        s = Stream()
        s.string(text)
        for known, name, value in vars_:
            s.boolean(known)
            if known:
                s.integer(name, 0, 10)  # the range is the target's; the index is reduced anyway
            else:
                s.string(name)
            s.string(value)
        s.last_string("123456789:AAHtail")
        write("config_env", s.bytes())

# --- legacy_rows: users rows of the original bot ----------------------------------------
NULL, INT, REAL, TEXT = range(4)


def rows(values):
    s = Stream()
    for row in values:
        s.int64(row[0])
        for kind, v in row[1:]:
            s.integer(kind, 0, 3)
            if kind == INT:
                s.int64(v)
            elif kind == REAL:
                pass  # ConsumeFloatingPoint: left to the fuzzer's mutations
            elif kind == TEXT:
                s.string(v)
    return s.bytes()


plain = [(INT, 0)] * 11
write("legacy_rows", rows([[5, (TEXT, "Вася")] + plain[1:]]))
write("legacy_rows", rows([[5, (TEXT, "Вася")] + plain[1:], [6, (TEXT, "вася")] + plain[1:]]))
write("legacy_rows", rows([[5, (NULL, None)] + [(NULL, None)] * 10]))
write("legacy_rows", rows([[7, (TEXT, "Гофроед5")] + plain[1:], [5, (TEXT, "")] + plain[1:]]))
write("legacy_rows", rows([[8, (TEXT, "x"), (TEXT, "12.5"), (TEXT, "abc"), (INT, -3), (NULL, None),
                            (TEXT, "7"), (INT, 99), (INT, 1 << 40), (INT, -1), (INT, 5),
                            (TEXT, "TRUE")]]))
