/*
 * What one wake-up costs on this host: a plain C thread sleeps to each tick of a fixed period
 * (clock_nanosleep, TIMER_ABSTIME, CLOCK_MONOTONIC) and records how late it woke. Every relay in the
 * real-traffic benchmark pays this once per hop; on a quiet bare-metal host it is a few µs.
 *
 *   wakeprobe SECONDS PERIOD_US
 *   -> WAKEPROBE sleeps=N period_us=P p50=.. p90=.. p99=.. p99.9=.. max=.. us
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int by_value(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 3 || atof(argv[1]) <= 0 || atol(argv[2]) <= 0) {
        fprintf(stderr, "usage: wakeprobe SECONDS PERIOD_US\n");
        return 2;
    }
    int64_t period = atol(argv[2]) * 1000;
    long n = (long)(atof(argv[1]) * 1e9 / (double)period);
    if (n < 1) {
        n = 1;
    }
    int64_t *late = malloc((size_t)n * sizeof *late);
    if (late == NULL) {
        fprintf(stderr, "wakeprobe: out of memory for %ld samples\n", n);
        return 1;
    }
    struct timespec due;
    clock_gettime(CLOCK_MONOTONIC, &due);
    for (long i = 0; i < n; i++) {
        due.tv_nsec += period;
        while (due.tv_nsec >= 1000000000L) {
            due.tv_nsec -= 1000000000L;
            due.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
        struct timespec woke;
        clock_gettime(CLOCK_MONOTONIC, &woke);
        late[i] = (int64_t)(woke.tv_sec - due.tv_sec) * 1000000000L + (woke.tv_nsec - due.tv_nsec);
    }
    qsort(late, (size_t)n, sizeof *late, by_value);
    printf("WAKEPROBE sleeps=%ld period_us=%ld p50=%.0f p90=%.0f p99=%.0f p99.9=%.0f max=%.0f us\n", n,
           (long)(period / 1000), late[n * 50 / 100] / 1e3, late[n * 90 / 100] / 1e3, late[n * 99 / 100] / 1e3,
           late[n * 999 / 1000] / 1e3, late[n - 1] / 1e3);
    free(late);
    return 0;
}
