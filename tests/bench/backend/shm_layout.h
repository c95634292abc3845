/* The shared-memory approach's file: a header the two processes flag each
 * other through, then SLOTS buffers of SLOT_VALUES float32 each. The Python
 * side (approaches/shm.py) writes the same offsets. Request number k (from 1)
 * reads slot (k - 1) % SLOTS: the generator's pool rotates in that order. */
#ifndef BENCH_SHM_LAYOUT_H
#define BENCH_SHM_LAYOUT_H

enum {
  SHM_REQUEST = 0,   /* int64: the number of the last request Python posted */
  SHM_VALUES = 1,    /* int64: how many values the request's slot holds */
  SHM_STOP = 2,      /* int64: non-zero asks the backend to exit */
  SHM_DONE = 8,      /* int64: the number of the last request answered (own cache line) */
  SHM_RESULT = 9,    /* double: its sum */
  SHM_READY = 10,    /* int64: non-zero once init is done */
  SHM_DATA_BYTES = 4096 /* where slot 0 starts, in bytes */
};

#endif /* BENCH_SHM_LAYOUT_H */
