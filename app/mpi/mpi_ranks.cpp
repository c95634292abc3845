// The mpi layer of a build with MPI: the job's ranks over Open MPI.
#include <string>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "mpi/mpi_communicator.hpp"
#include "mpi/mpi_notices.hpp"
#include "mpi/ranks.hpp"

namespace arrayfeed {
namespace {

/// MPI from MPI_Init_thread to MPI_Finalize, with one communicator per party.
/// The communicators are members after the session, so they are freed before it ends.
class MpiRanks final : public JobRanks {
 public:
  Communicator& host() override { return m_host; }
  Communicator& kernels() override { return m_kernels; }
  Communicator& script() override { return m_script; }
  RankNotices& notices() override { return m_notices; }

 private:
  /// Initialises MPI for threads (kernel workers may reduce) and finalises it.
  struct Session {
    Session() {
      int provided = 0;
      if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS)
        throw BackendError("MPI could not start (MPI_Init_thread failed); see Open MPI's message above");
      spdlog::debug("MPI started, thread level {} of {} asked", provided, MPI_THREAD_MULTIPLE);
      if (provided < MPI_THREAD_MULTIPLE)
        spdlog::warn("this MPI library gives thread level {} where {} (MPI_THREAD_MULTIPLE) was asked: a "
                     "script thread's ctx.allreduce must not overlap the run's own reductions",
                     provided, MPI_THREAD_MULTIPLE);
    }
    ~Session() {
      int finalized = 0;
      MPI_Finalized(&finalized);
      if (!finalized) MPI_Finalize();
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
  };

  Session m_session;
  MpiCommunicator m_host;
  MpiCommunicator m_kernels;
  MpiCommunicator m_script;
  MpiNotices m_notices;
};

}  // namespace

std::optional<std::string> built_in_mpi() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(text, &length);  // callable before MPI_Init
  const std::string version(text, static_cast<std::size_t>(length));
  return version.substr(0, version.find_first_of(",\n"));
}

std::unique_ptr<JobRanks> join_ranks(const Launch& launch) {
  if (!launch.launched) return std::make_unique<SoloRanks>();
  return std::make_unique<MpiRanks>();
}

}  // namespace arrayfeed
