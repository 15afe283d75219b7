/*
 * How often a thread that never sleeps loses its CPU anyway: spins on CPU N reading CLOCK_MONOTONIC
 * for SECONDS and counts the gaps between two reads (time it did not run: the hypervisor, interrupts,
 * other tasks). Run one per CPU at once, so that no CPU is idle:
 *
 *   gcc -O2 -o /tmp/hiccups bench/c/hiccups.c && (/tmp/hiccups 0 30 & /tmp/hiccups 1 30 & wait)
 *   -> HICCUPS cpu=0 seconds=30 gaps>=0.1ms=.. >=1ms=.. >=4ms=.. >=10ms=.. max=..ms lost=..%
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3 || atof(argv[2]) <= 0) {
        fprintf(stderr, "usage: hiccups CPU SECONDS\n");
        return 2;
    }
    int cpu = atoi(argv[1]);
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        perror("hiccups: sched_setaffinity");
        return 1;
    }
    uint64_t start = now_ns(), end = start + (uint64_t)(atof(argv[2]) * 1e9), prev = start;
    long over100us = 0, over1ms = 0, over4ms = 0, over10ms = 0;
    uint64_t longest = 0, lost = 0;
    for (;;) {
        uint64_t t = now_ns(), gap = t - prev;
        prev = t;
        if (gap >= 100000) {
            over100us++;
            lost += gap;
            over1ms += gap >= 1000000;
            over4ms += gap >= 4000000;
            over10ms += gap >= 10000000;
            if (gap > longest) {
                longest = gap;
            }
        }
        if (t >= end) {
            break;
        }
    }
    printf("HICCUPS cpu=%d seconds=%s gaps>=0.1ms=%ld >=1ms=%ld >=4ms=%ld >=10ms=%ld max=%.2fms lost=%.2f%%\n", cpu, argv[2],
           over100us, over1ms, over4ms, over10ms, longest / 1e6, 100.0 * (double)lost / (double)(end - start));
    return 0;
}
