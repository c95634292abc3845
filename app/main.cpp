#include "cli/cli_main.hpp"

int main(int argc, char** argv) { return arrayfeed::cli_main(argc, argv); }
