// floor_server: the cheapest possible line server, to measure what loopback TCP itself costs
// per query on this machine. Single-threaded epoll (level-triggered); every received line is
// answered with the same fixed number of bytes (default 656: the size of the telnet answer to
// `sun`). No parsing, no logging, no allocation per query. bench/telnet_figures.sh drives it
// with bench/telnet_load exactly as it drives the daemon and prints its CPU per query: the
// daemon's figure minus this one is what charfinder itself costs.
//
//   floor_server PORT_FILE [ANSWER_BYTES]   listens on 127.0.0.1:0, writes the port to PORT_FILE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    (void)std::fputs("usage: floor_server PORT_FILE [ANSWER_BYTES]\n", stderr);
    return 2;
  }
  const std::size_t answer_bytes = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 656;
  constexpr std::string_view kPrompt = "\r\n?> ";
  std::string answer(answer_bytes > kPrompt.size() ? answer_bytes - kPrompt.size() : 0, 'x');
  answer += kPrompt;

  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener, 1024) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("floor_server: listen");
    return 1;
  }
  // A port file that was not written whole would leave the bench waiting for a bad port.
  FILE* port_file = std::fopen(argv[1], "w");
  if (port_file == nullptr || std::fprintf(port_file, "%u\n", ntohs(address.sin_port)) < 0 ||
      std::fclose(port_file) != 0) {
    std::perror("floor_server: port file");
    return 1;
  }

  const int poller = ::epoll_create1(0);
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = listener;
  ::epoll_ctl(poller, EPOLL_CTL_ADD, listener, &event);

  std::vector<epoll_event> ready(256);
  char input[16 * 1024];
  for (;;) {
    const int count = ::epoll_wait(poller, ready.data(), static_cast<int>(ready.size()), -1);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return 1;
    for (int i = 0; i < count; ++i) {
      const int fd = ready[i].data.fd;
      if (fd == listener) {
        const int client = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
        if (client < 0) continue;
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        epoll_event client_event{};
        client_event.events = EPOLLIN;
        client_event.data.fd = client;
        ::epoll_ctl(poller, EPOLL_CTL_ADD, client, &client_event);
        (void)!::send(client, "?> ", 3, MSG_NOSIGNAL);
        continue;
      }
      const ssize_t received = ::recv(fd, input, sizeof input, 0);
      if (received <= 0) {
        ::close(fd);  // also removes it from the epoll set
        continue;
      }
      for (ssize_t at = 0; at < received; ++at)
        if (input[at] == '\n') (void)!::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
  }
}
