// Command-line conventions of the brand tools (CLI11): --help and --version exit 0, a usage error exits 2
// with one line on stderr, and times are accepted as Unix ms or ISO 8601.
#ifndef TACIT_TOOLS_COMMON_CLI_H_
#define TACIT_TOOLS_COMMON_CLI_H_

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "common/tool_io.h"

namespace tacit {
namespace tools {

// Turns a time option's text (Unix ms or ISO 8601, see ParseTime) into the Unix ms the option stores.
inline CLI::Validator TimeArg() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        int64_t ms = 0;
        std::string why;
        if (!ParseTime(text, &ms, &why)) return why;
        text = std::to_string(ms);
        return "";
      },
      "", "time");
}

// A whole number in decimal digits (CLI11 alone would read "-1" as a huge unsigned and "010" as octal).
inline CLI::Validator WholeNumber() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
          return "expected a whole number, got '" + text + "'";
        return "";
      },
      "", "whole number");
}

// Adds a time option: Unix ms or ISO 8601.
inline CLI::Option* AddTimeOption(CLI::App* app, const std::string& name, int64_t& ms, const std::string& what) {
  return app->add_option(name, ms, what + " (ISO 8601, e.g. 2026-12-02T05:53:00Z, or Unix ms)")
      ->type_name("TIME")
      ->transform(TimeArg());
}

// A usage error: one line on stderr naming where to find help; the exit status 2.
inline int UsageError(const CLI::App& app, const std::string& message) {
  std::string line = message;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::string where = app.get_name();
  for (const CLI::App* sub = &app; !sub->get_subcommands().empty();) {
    sub = sub->get_subcommands().front();
    where += " " + sub->get_name();
  }
  std::cerr << app.get_name() << ": " << line << " (see " << where << " --help)\n";
  return 2;
}

// Parses the command line. Returns -1 to go on, else the exit status: 0 after --help or --version (printed
// on stdout), 2 after a usage error.
inline int Parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return UsageError(app, e.what());
  }
  return -1;
}

}  // namespace tools
}  // namespace tacit

#endif  // TACIT_TOOLS_COMMON_CLI_H_
