/* A persistent backend that shares memory with Python: the arrays are written
 * in place into the mapped slots, and a request number in the header is the
 * flag (see shm_layout.h). It spins, pausing, while it waits: the lowest
 * latency this approach can have, at the price of a busy core. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "backend_modes.h"
#include "bench_kernel.h"
#include "shm_layout.h"

static int64_t load(const volatile int64_t* header, int at) {
  return __atomic_load_n(&header[at], __ATOMIC_ACQUIRE);
}

/* The next request's number, or 0 when asked to stop. */
static int64_t wait_request(int64_t* header, int64_t last) {
  for (unsigned spins = 0;; ++spins) {
    if (load(header, SHM_STOP)) return 0;
    const int64_t request = load(header, SHM_REQUEST);
    if (request != last) return request;
    if (spins % 65536 == 65535) sched_yield(); /* rarely: yielding often costs whole time slices on a busy host */
    __builtin_ia32_pause();
  }
}

static void serve(unsigned char* base, int64_t slots, int64_t slot_values) {
  int64_t* header = (int64_t*)base;
  const float* data = (const float*)(base + SHM_DATA_BYTES);
  int64_t request = 0;
  __atomic_store_n(&header[SHM_READY], 1, __ATOMIC_RELEASE);
  while ((request = wait_request(header, request)) != 0) {
    const float* slot = data + ((request - 1) % slots) * slot_values;
    const double sum = bench_sum(slot, load(header, SHM_VALUES));
    memcpy(&header[SHM_RESULT], &sum, sizeof sum); /* published by the release below */
    __atomic_store_n(&header[SHM_DONE], request, __ATOMIC_RELEASE);
  }
}

int serve_shm(const backend_args* args) {
  if (args->argc != 3) {
    fprintf(stderr, "usage: bench_backend shm PATH SLOTS SLOT_VALUES\n");
    return 2;
  }
  const int64_t slots = atoll(args->argv[1]), slot_values = atoll(args->argv[2]);
  if (slots < 1 || slot_values < 1) {
    fprintf(stderr, "bench_backend shm: SLOTS and SLOT_VALUES must be 1 or more\n");
    return 2;
  }
  const size_t size = SHM_DATA_BYTES + (size_t)(slots * slot_values) * sizeof(float);
  const int fd = open(args->argv[0], O_RDWR);
  void* base = fd < 0 ? MAP_FAILED : mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  bench_state state;
  if (base == MAP_FAILED) {
    perror("bench_backend shm: cannot map the file");
    return 1;
  }
  if (bench_init(&state, args->table_mb) != 0) {
    fprintf(stderr, "bench_backend: no memory for the table\n");
    return 1;
  }
  serve(base, slots, slot_values);
  bench_free(&state);
  munmap(base, size);
  close(fd);
  return 0;
}
