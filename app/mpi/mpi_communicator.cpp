#include "mpi/mpi_communicator.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <stdexcept>
#include <thread>

namespace arrayfeed {
namespace {

MPI_Datatype mpi_type(DType dtype) {
  if (dtype == dtypes::float32) return MPI_FLOAT;
  if (dtype == dtypes::float64) return MPI_DOUBLE;
  if (dtype == dtypes::int32) return MPI_INT32_T;
  if (dtype == dtypes::int64) return MPI_INT64_T;
  throw std::invalid_argument("allreduce of " + dtype.name() + ": only int32, int64, float32 and float64");
}

MPI_Op mpi_op(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum: return MPI_SUM;
    case ReduceOp::min: return MPI_MIN;
    case ReduceOp::max: return MPI_MAX;
  }
  return MPI_SUM;
}

}  // namespace

MpiCommunicator::MpiCommunicator() {
  MPI_Comm_dup(MPI_COMM_WORLD, &m_comm);
  MPI_Comm_rank(m_comm, &m_rank);
  MPI_Comm_size(m_comm, &m_size);
}

MpiCommunicator::~MpiCommunicator() {
  int finalized = 0;
  MPI_Finalized(&finalized);  // a script may have called MPI.Finalize()
  if (!finalized) MPI_Comm_free(&m_comm);
}

void MpiCommunicator::allreduce(void* data, std::size_t count, DType dtype, ReduceOp op) {
  const MPI_Datatype type = mpi_type(dtype);
  auto* bytes = static_cast<char*>(data);
  // MPI counts are ints: a larger array goes in pieces.
  for (std::size_t done = 0; done < count;) {
    const std::size_t piece = std::min<std::size_t>(count - done, INT_MAX);
    MPI_Request request;
    MPI_Iallreduce(MPI_IN_PLACE, bytes + done * dtype.itemsize, static_cast<int>(piece), type, mpi_op(op), m_comm,
                   &request);
    wait_patiently(request);
    done += piece;
  }
}

// Open MPI moves a non-blocking collective on only inside MPI calls, so a
// sleeping rank delays the others by up to its sleep: the sleeps start short
// and grow to 1 ms only for a long wait.
void wait_patiently(MPI_Request& request) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point spin_until = Clock::now() + std::chrono::microseconds(200);
  std::chrono::microseconds nap{50};
  int done = 0;
  for (MPI_Test(&request, &done, MPI_STATUS_IGNORE); !done; MPI_Test(&request, &done, MPI_STATUS_IGNORE)) {
    if (Clock::now() < spin_until) continue;
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::microseconds(1000));
  }
}

}  // namespace arrayfeed
