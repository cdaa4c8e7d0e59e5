/* A small compiled HTTP server, standing in for the seed's Rust/Go binary: it answers every
 * request on ADDRESS:PORT (argv[2], default 127.0.0.1; argv[1]) with one line. Built by the
 * examples' tests with gcc. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 3000;
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  struct sockaddr_in address = {0};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (inet_pton(AF_INET, argc > 2 ? argv[2] : "127.0.0.1", &address.sin_addr) != 1) {
    fprintf(stderr, "server: not an IPv4 address: %s\n", argv[2]);
    return 1;
  }
  if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 64) != 0) {
    perror("server");
    return 1;
  }
  const char *body = "Hello from a compiled binary\n";
  char response[256];
  int length = snprintf(response, sizeof response,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                        "Connection: close\r\n\r\n%s",
                        strlen(body), body);
  for (;;) {
    int client = accept(listener, NULL, NULL);
    if (client < 0) {
      continue;
    }
    char request[8192];
    ssize_t seen = 0, n;
    /* Read until the end of the request head; the answer doesn't depend on it. */
    while (seen < (ssize_t)sizeof request - 1 && (n = read(client, request + seen, sizeof request - 1 - seen)) > 0) {
      seen += n;
      request[seen] = 0;
      if (strstr(request, "\r\n\r\n")) {
        break;
      }
    }
    write(client, response, length);
    close(client);
  }
}
