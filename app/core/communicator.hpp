#pragma once

#include <cstddef>
#include <cstdlib>
#include <optional>

#include "core/dtype.hpp"
#include "core/rank_notices.hpp"

namespace arrayfeed {

/// How allreduce combines the ranks' values.
enum class ReduceOp { sum, min, max };

/// The ranks of one job as one party sees them (the host, the kernels, the
/// script each get their own, so their collectives never mix): a process
/// alone (SoloCommunicator) or MPI's ranks (app/mpi).
class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  /// Combines `count` values of `dtype` at `data` across the ranks, in place:
  /// every rank ends with the result. Types: int32, int64, float32, float64.
  virtual void allreduce(void* data, std::size_t count, DType dtype, ReduceOp op) = 0;
  /// Ends every rank of the job at once with `exit_code`: for a failure
  /// while the others may wait inside a reduction this rank will never join.
  [[noreturn]] void abort(int exit_code) {
    end_every_rank(exit_code);
    std::_Exit(exit_code);
  }
  /// MPI's Fortran handle of the communicator, which mpi4py turns into one of
  /// its own (MPI.Intracomm.f2py); none for a process alone.
  virtual std::optional<int> fortran_handle() const { return std::nullopt; }

 private:
  /// Ends the other ranks too (MPI_Abort); this one ends after it.
  virtual void end_every_rank(int exit_code) = 0;
};

/// One process alone: rank 0 of 1, every reduction leaves the values as they are.
class SoloCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void allreduce(void*, std::size_t, DType, ReduceOp) override {}

 private:
  void end_every_rank(int) override {}
};

/// The communicators of one job, one per party, and how it was started.
class JobRanks {
 public:
  virtual ~JobRanks() = default;
  /// The host's own: the agreement before each array, the end, the summary.
  virtual Communicator& host() = 0;
  /// The kernels' reductions in init, process and finish.
  virtual Communicator& kernels() = 0;
  /// ctx.allreduce and ctx.comm.
  virtual Communicator& script() = 0;
  /// An independent rank's failure, told to the others as it happens.
  virtual RankNotices& notices() = 0;
};

/// A job of one process: the same SoloCommunicator for every party.
class SoloRanks final : public JobRanks {
 public:
  Communicator& host() override { return m_solo; }
  Communicator& kernels() override { return m_solo; }
  Communicator& script() override { return m_solo; }
  RankNotices& notices() override { return m_none; }

 private:
  SoloCommunicator m_solo;
  NoNotices m_none;
};

}  // namespace arrayfeed
