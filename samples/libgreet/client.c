/* client.c - sends one request to a klas runtime's control socket and prints the answer line.
 *   client PID REQUEST...      e.g. client 1234 swap libgreet.so ./libgreet-v2.so 5000
 * Exit status: 0 when the answer has "ok":true, 1 when it is an error answer, 2 when the socket is
 * not there or the connection fails. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: client PID REQUEST...\n");
        return 2;
    }
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "/dev/shm/klas-%s.sock", argv[1]);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a)) {
        perror(a.sun_path);
        return 2;
    }
    char req[4096] = "";
    for (int i = 2; i < argc; i++) {
        strncat(req, argv[i], sizeof req - strlen(req) - 2);
        strncat(req, i + 1 < argc ? " " : "\n", sizeof req - strlen(req) - 1);
    }
    if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
        return 2;
    static char buf[1 << 24];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) {
        n += (size_t)r;
        if (buf[n - 1] == '\n')
            break;
    }
    buf[n] = 0;
    fputs(buf, stdout);
    return strstr(buf, "\"ok\":true") == buf + 1 ? 0 : 1;
}
