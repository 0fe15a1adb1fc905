# Sourced by the scripts that start servers (pg-test-server.sh, redis-test-server.sh,
# bench/run); the sourcing script defines die().
#
# free_port: a loopback port no socket uses. The kernel would pick one for a bind to port 0,
# but bash cannot bind; random ports checked with ss are as good (a caller retries if the
# port is taken between the check and the server's bind). They are taken below the kernel's
# ephemeral range: client connections (wrk's hundreds) take ports from that range, and a
# server port picked there could be taken by one of them before the server binds it (seen:
# "bind: Address already in use").
free_port() {
  local port low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  ((low > 21000)) || low=32768
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % (low - 20000)))
    if [[ -z $(ss -Htan "sport = :$port") ]]; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}
