// startup_bench: time from exec of `gofrobot run` (webhook mode, against the Bot API sink)
// to ready, with the database given (1,000,000 players for the figure).
//
//   startup_bench --gofrobot BIN --db FILE --sink-port P [--runs R] [--config FILE]
//
// Per run: fork + exec, then
//   accept_ms   the webhook port accepts a TCP connection (polled every 0.2 ms);
//   ready_ms    a real update POSTed to the webhook is answered 200 (its transaction
//               committed): the first request that does something;
//   rss_kib     the process RSS right then.
// Then SIGTERM and wait (SIGKILL after 15 s). Reports the median and the minimum of each.
// There is no readiness endpoint yet (ops.listen): when one lands, poll it here too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "common/util.hpp"
#include "common/workload.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kSecret = "bench-secret-token";

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// POSTs one update; returns the HTTP status (0 when there was no answer).
int post_update(int port, const std::string& body) {
  int fd = connect_to(port);
  if (fd < 0) return 0;
  std::string request = "POST /telegram/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nConnection: close\r\n"
                        "X-Telegram-Bot-Api-Secret-Token: " + std::string(kSecret) +
                        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return 0;
  }
  char buffer[512];
  ssize_t n = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  if (n < 12) return 0;
  buffer[n] = 0;
  return std::atoi(buffer + 9);  // "HTTP/1.1 200"
}

long rss_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

struct Run {
  double accept_ms = -1;
  double ready_ms = -1;
  long rss_kib = -1;
};

Run run_once(const bench::Args& args, std::int64_t update_id) {
  const int port = free_port();
  const std::filesystem::path db = std::filesystem::absolute(args.str("db"));
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view v(*e);
    if (!v.starts_with("GOFROBOT_") && !v.starts_with("BOT_TOKEN=")) env.emplace_back(v);
  }
  auto set = [&](const std::string& k, const std::string& v) { env.push_back(k + "=" + v); };
  set("BOT_TOKEN", "123456:bench");
  set("GOFROBOT_TELEGRAM_MODE", "webhook");
  set("GOFROBOT_TELEGRAM_API_BASE_URL", "http://127.0.0.1:" + args.str("sink-port"));
  set("GOFROBOT_TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1:" + std::to_string(port));
  set("GOFROBOT_TELEGRAM_WEBHOOK_URL", "https://bench.invalid/telegram/webhook");
  set("GOFROBOT_TELEGRAM_WEBHOOK_SECRET", kSecret);
  set("GOFROBOT_STORAGE_DATABASE_URL", "sqlite://" + db.string());
  set("GOFROBOT_STORAGE_DATA_DIR", db.parent_path().string());
  set("GOFROBOT_STORAGE_BACKUP_INTERVAL_MINUTES", "0");
  set("GOFROBOT_OPS_LISTEN", "127.0.0.1:0");
  set("GOFROBOT_LOG_LEVEL", "warn");
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string bin = args.str("gofrobot");
  std::string config = args.str("config");
  std::vector<std::string> argv_s = {bin};
  if (!config.empty()) {
    argv_s.push_back("-c");
    argv_s.push_back(config);
  }
  argv_s.push_back("run");
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  const std::string body = bench::with_update_id(
      R"({"update_id":__UPDATE_ID__,"callback_query":{"id":"1","from":{"id":100000001,)"
      R"("is_bot":false,"first_name":"Вася"},"message":{"message_id":5,"chat":{"id":100000001,)"
      R"("type":"private"},"date":1700000000,"text":"x"},"chat_instance":"1","data":"profile"}})",
      update_id);

  Run r;
  const auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  const auto deadline = t0 + 30s;
  while (Clock::now() < deadline) {
    int fd = connect_to(port);
    if (fd >= 0) {
      close(fd);
      r.accept_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      break;
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      std::cerr << "startup_bench: gofrobot exited early (status " << status << ")\n";
      return r;
    }
    std::this_thread::sleep_for(200us);
  }
  while (r.accept_ms >= 0 && Clock::now() < deadline) {
    if (post_update(port, body) == 200) {
      r.ready_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      r.rss_kib = rss_of(pid);
      break;
    }
    std::this_thread::sleep_for(200us);
  }
  kill(pid, SIGTERM);
  for (int i = 0; i < 1500; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return r;
    std::this_thread::sleep_for(10ms);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return r;
}

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) try {
  bench::Args args(argc, argv);
  if (!args.has("gofrobot") || !args.has("db") || !args.has("sink-port")) {
    std::cerr << "usage: startup_bench --gofrobot BIN --db FILE --sink-port P [--runs R]\n";
    return 2;
  }
  const auto runs = std::clamp<std::int64_t>(args.num("runs", 5), 1, 50);
  std::vector<double> accept, ready, rss;
  // Update ids above any a previous run recorded.
  const std::int64_t base = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
  for (std::int64_t i = 0; i < runs; ++i) {
    auto r = run_once(args, base + i);
    if (r.ready_ms < 0) {
      std::cerr << "startup_bench: run " << i + 1 << " never became ready\n";
      return 1;
    }
    accept.push_back(r.accept_ms);
    ready.push_back(r.ready_ms);
    rss.push_back(static_cast<double>(r.rss_kib));
  }
  bench::report("runs", runs);
  bench::report("accept_ms_median", median(accept));
  bench::report("accept_ms_min", *std::min_element(accept.begin(), accept.end()));
  bench::report("ready_ms_median", median(ready));
  bench::report("ready_ms_min", *std::min_element(ready.begin(), ready.end()));
  bench::report("rss_at_ready_kib", static_cast<long>(median(rss)));
  return 0;
} catch (const std::exception& e) {
  std::cerr << "startup_bench: " << e.what() << '\n';
  return 1;
}
