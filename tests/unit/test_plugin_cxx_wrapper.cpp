// arrayfeed/arrayfeed.hpp, the C++ wrapper plugin authors compile, called
// through the afeed_kernel it makes, as arrayfeed calls a plugin: a test host
// records the log lines and the values set.
#include <doctest/doctest.h>

#include <arrayfeed/arrayfeed.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// What the test host received: log lines and the values set, by name ("" for the single result).
struct Recorder {
  std::vector<std::string> log;
  std::map<std::string, double> values;
  std::vector<double> array;
};

Recorder& recorder_of(afeed_output* out) { return *static_cast<Recorder*>(out->host); }

int record_int(afeed_output* out, const char* name, int64_t value) {
  recorder_of(out).values[name ? name : ""] = static_cast<double>(value);
  return AFEED_OK;
}
int record_float(afeed_output* out, const char* name, double value) {
  if (name && std::string(name) == "refused") return AFEED_ERROR;
  recorder_of(out).values[name ? name : ""] = value;
  return AFEED_OK;
}
void* record_array(afeed_output* out, const char*, int32_t, int32_t ndim, const int64_t* shape) {
  recorder_of(out).array.assign(ndim == 1 ? static_cast<size_t>(shape[0]) : 1, 0.0);
  return recorder_of(out).array.data();
}
void ignore_stop(afeed_output*) {}
constexpr afeed_output_api output_api = {sizeof(afeed_output_api), record_int, record_float, record_array,
                                         ignore_stop};

void record_log(const afeed_host* host, int32_t level, const char* message) {
  static_cast<Recorder*>(host->host_data)->log.push_back(std::to_string(level) + " " + message);
}

/// A kernel that scales its input by param k and fails on demand.
class Scale {
 public:
  explicit Scale(afeed::init_args& args) : m_k(args.get<double>("k")) {
    if (args.get("fail_init", false)) throw std::runtime_error("init refused: use --set fail_init=false");
    if (args.text("width")) args.input("x").last_dim = args.get<int64_t>("width");
    args.logger().info("scaling by " + args.get<std::string>("k"));
  }
  void process(const afeed::inputs& in, afeed::output& out) {
    const afeed::array_view x = in[0];
    if (x.size() == 0) throw 42;  // not a std::exception
    if (x.size() > 1000) throw std::bad_alloc();
    double* y = out.new_array<double>(x.shape());
    for (int64_t i = 0; i < x.size(); ++i) y[i] = m_k * x.data<double>()[i];
    if (in[1]) out.set_float("refused", 1.0);
  }
  void finish(afeed::output& summary) { summary.set_int("k", static_cast<int64_t>(m_k)); }

 private:
  double m_k;
};

constexpr int32_t float64[] = {AFEED_FLOAT64};
constexpr afeed_input inputs[] = {afeed::input("x").dtypes(float64).ndim(1, 1),
                                  afeed::input("w").optional().same_shape_as("x")};
constexpr afeed_param_info params[] = {afeed::param("k", AFEED_PARAM_FLOAT, "2", "the factor")};
constexpr afeed_kernel scale = afeed::kernel<Scale>("scale", "k * x", inputs, params, AFEED_KERNEL_THREAD_SAFE);

/// One kernel's calls against the test host, with the error text of the last one.
struct Harness {
  Recorder recorder;
  afeed_host host{sizeof(afeed_host), record_log, &recorder, nullptr};
  afeed_output out{&output_api, &recorder};
  std::vector<afeed_param> params;
  afeed_input narrowed[2] = {inputs[0], inputs[1]};
  void* state = nullptr;
  char error[64] = "";

  int init() {
    afeed_init_args args{sizeof(afeed_init_args), AFEED_ABI_MINOR, "scale", &host, params.data(), params.size(),
                         nullptr, 0, narrowed, 2, 0, 0, 1};
    return scale.init(&args, &state, error, sizeof error);
  }
  int process(std::vector<double> x, const afeed_array* w = nullptr) {
    const int64_t shape[] = {static_cast<int64_t>(x.size())}, strides[] = {8};
    const afeed_array array{sizeof(afeed_array), AFEED_FLOAT64, x.data(), 1, 8, shape, strides};
    const afeed_array* const arrays[] = {&array, w};
    return scale.process(state, arrays, 2, &out, error, sizeof error);
  }
  int finish() { return scale.finish(state, &out, error, sizeof error); }
};

}  // namespace

TEST_CASE("afeed::kernel describes the class with its inputs and params") {
  CHECK(scale.struct_size == sizeof(afeed_kernel));
  CHECK(scale.flags == AFEED_KERNEL_THREAD_SAFE);
  CHECK(scale.n_inputs == 2);
  CHECK(scale.inputs[0].max_ndim == 1);
  CHECK(scale.inputs[0].n_dtypes == 1);
  CHECK(scale.inputs[1].flags == AFEED_INPUT_OPTIONAL);
  CHECK(std::string(scale.inputs[1].same_shape_as) == "x");
  CHECK(scale.n_params == 1);
  CHECK(std::string(scale.params[0].default_value) == "2");
  const afeed_kernel kernels[] = {scale};
  const afeed_entry entry = afeed::entry(kernels);
  CHECK(entry.abi_major == AFEED_ABI_MAJOR);
  CHECK(entry.n_kernels == 1);
}

TEST_CASE("the constructor reads typed params, narrows an input and logs; process and finish run as methods") {
  Harness h;
  h.params = {{"k", "3"}, {"width", "4"}};
  REQUIRE(h.init() == AFEED_OK);
  CHECK(h.narrowed[0].last_dim == 4);
  CHECK(h.recorder.log == std::vector<std::string>{"2 scaling by 3"});
  REQUIRE(h.process({1.0, 2.0}) == AFEED_OK);
  CHECK(h.recorder.array == std::vector<double>{3.0, 6.0});
  CHECK(h.finish() == AFEED_OK);
  CHECK(h.recorder.values.at("k") == 3.0);
}

TEST_CASE("every exception becomes a status and a message at the boundary") {
  Harness h;
  h.params = {{"k", "2"}};
  REQUIRE(h.init() == AFEED_OK);
  CHECK(h.process({}) == AFEED_ERROR);
  CHECK(std::string(h.error) == "an exception not derived from std::exception");
  CHECK(h.process(std::vector<double>(1001)) == AFEED_ERROR);
  CHECK(std::string(h.error) == "out of memory (std::bad_alloc)");
  const afeed_array w{};
  CHECK(h.process({1.0}, &w) == AFEED_ERROR);
  CHECK(std::string(h.error) == "could not set 'refused'");
  CHECK(h.finish() == AFEED_OK);
}

TEST_CASE("a failing constructor fails init with its message, cut to the error buffer") {
  Harness h;
  h.params = {{"k", "2"}, {"fail_init", "true"}};
  CHECK(h.init() == AFEED_ERROR);
  CHECK(std::string(h.error) == "init refused: use --set fail_init=false");
  CHECK(h.state == nullptr);
}

TEST_CASE("params that are missing or do not parse are refused naming them") {
  const std::vector<std::pair<std::vector<afeed_param>, std::string>> cases = {
      {{}, "param k is required: add --set k=..."},
      {{{"k", "two"}}, "param k='two' is not a number"},
      {{{"k", "2"}, {"width", "4.5"}}, "param width='4.5' is not a whole number in range"},
      {{{"k", "2"}, {"fail_init", "yes"}}, "param fail_init='yes' is not true or false"},
  };
  for (const auto& [params, message] : cases) {
    CAPTURE(message);
    Harness h;
    h.params = params;
    CHECK(h.init() == AFEED_ERROR);
    CHECK(std::string(h.error) == message.substr(0, sizeof h.error - 1));
  }
}

TEST_CASE("array_view reads its dtype only, and an absent view not at all") {
  const int64_t shape[] = {2, 3}, strides[] = {12, 4};
  const float data[6] = {};
  const afeed_array array{sizeof(afeed_array), AFEED_FLOAT32, data, 2, 4, shape, strides};
  const afeed::array_view view(&array);
  CHECK(view.size() == 6);
  CHECK(view.shape() == std::vector<int64_t>{2, 3});
  CHECK(view.data<float>() == data);
  CHECK_THROWS_WITH(view.data<double>(), "array is float32, read as float64");
  CHECK_FALSE(afeed::array_view().present());
  CHECK_THROWS_AS(afeed::array_view().ndim(), std::logic_error);
}

TEST_CASE("init_args finds a data set by name, and gives an absent view for one not loaded") {
  const int64_t shape[] = {3}, strides[] = {8};
  const double table[3] = {1, 2, 3};
  const afeed_array array{sizeof(afeed_array), AFEED_FLOAT64, table, 1, 8, shape, strides};
  const afeed_data_set sets[] = {{"table", &array}};
  const afeed_init_args raw{sizeof(afeed_init_args), AFEED_ABI_MINOR, "scale", nullptr, nullptr, 0, sets, 1,
                            nullptr, 0, 0, 0, 1};
  const afeed::init_args args(&raw);
  CHECK(args.data_set("table").data<double>() == table);
  CHECK_FALSE(args.data_set("other").present());
  CHECK_THROWS_WITH(args.input("x"), "the kernel declares no input 'x'");
}

TEST_CASE("rank, size and allreduce come from an ABI 2.1 host, and read as alone from an older one") {
  afeed_init_args newer{};
  newer.struct_size = sizeof(afeed_init_args);
  newer.rank = 3;
  newer.size = 4;
  CHECK(afeed::init_args(&newer).rank() == 3);
  CHECK(afeed::init_args(&newer).size() == 4);
  // ABI 2.0's struct was 72 bytes on LP64, n_inputs and 4 bytes of padding at its end: 2.1's fields
  // start after that padding, so a 2.0 host's struct_size never claims them.
  CHECK(offsetof(afeed_init_args, rank) >= offsetof(afeed_init_args, n_inputs) + 8);
  afeed_init_args older = newer;
  older.struct_size = offsetof(afeed_init_args, n_inputs) + 8;  // an arrayfeed of ABI 2.0 wrote no rank or size
  CHECK(afeed::init_args(&older).rank() == 0);
  CHECK(afeed::init_args(&older).size() == 1);

  // A host that "reduces" by doubling, standing for two ranks of the same values.
  afeed_host host{sizeof(afeed_host), nullptr, nullptr,
                  [](const afeed_host*, void* data, size_t count, int32_t dtype, int32_t op) {
                    if (dtype != AFEED_FLOAT64 || op != AFEED_REDUCE_SUM) return AFEED_ERROR;
                    for (size_t i = 0; i < count; ++i) static_cast<double*>(data)[i] *= 2;
                    return AFEED_OK;
                  }};
  double values[2] = {1.5, -2};
  afeed::ranks(&host).allreduce(values, 2);
  CHECK(values[0] == 3);
  CHECK(values[1] == -4);
  int32_t whole = 1;
  CHECK_THROWS_WITH(afeed::ranks(&host).allreduce(&whole, 1), "allreduce refused (arrayfeed's message says why)");
  afeed_host old_host = host;
  old_host.struct_size = offsetof(afeed_host, allreduce);
  CHECK_THROWS(afeed::ranks(&old_host).allreduce(values, 2));
  CHECK(values[0] == 3);
}
