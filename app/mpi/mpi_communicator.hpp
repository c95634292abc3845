#pragma once

#include <mpi.h>

#include "core/communicator.hpp"

namespace arrayfeed {

/// A Communicator over a duplicate of MPI_COMM_WORLD, so its collectives
/// never meet another party's. A rank waiting for slower ones sleeps between
/// tests of its request instead of spinning on a core the others may need.
class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator();  ///< duplicates MPI_COMM_WORLD: collective, every rank makes its own in the same order
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return m_rank; }
  int size() const override { return m_size; }
  void allreduce(void* data, std::size_t count, DType dtype, ReduceOp op) override;
  std::optional<int> fortran_handle() const override { return MPI_Comm_c2f(m_comm); }

 private:
  void end_every_rank(int exit_code) override { MPI_Abort(MPI_COMM_WORLD, exit_code); }

  MPI_Comm m_comm = MPI_COMM_NULL;
  int m_rank = 0;
  int m_size = 1;
};

/// Waits for `request` to complete: a short spin for the common case of
/// ranks in step, then sleeps growing to 1 ms (a blocking MPI wait burns
/// most of a core).
void wait_patiently(MPI_Request& request);

}  // namespace arrayfeed
