// `tacit-host serve`: the privacy centre (examples/privacy-centre/) in a browser, over a loopback HTTP
// server on the same public C API. See docs/privacy-centre-app.md.
#ifndef TACIT_HOST_SERVE_H_
#define TACIT_HOST_SERVE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "tacit/tacit.h"

namespace host {

struct ServeOptions {
  std::string static_dir;      // the web app's files
  int port = 0;                // 0: any free port
  std::string url_file;        // written (mode 0600) with the URL, token included, once listening; "" = none
  std::string catalog_path;    // a signed catalog loaded into new profiles (the app ships it); "" = none
  std::string policy_version;  // the consent text version the page shows and records
  std::string locale;          // the default locale for reasons; the page may ask for another
  std::string outbox_dir;      // "Send now" writes queued reports here as <report id>.bin; "" = no sending
};

// A failed host call: a tacit status (or -1 for a usage error) and its message.
struct ServeError {
  int status;
  std::string message;
};

// What the server needs from the host app. Each call may throw ServeError; the server answers with the
// message and keeps serving.
struct ServeHost {
  std::function<bool()> exists;      // whether a profile (its key file) exists
  std::function<tacit_t*()> open;    // opens the existing profile (the handle stays open)
  std::function<tacit_t*()> create;  // creates the key and the profile, then opens it
  std::function<void()> erase;       // deletes the profile and its key, and closes the handle
  std::function<int64_t()> now;      // the host's clock, Unix ms
};

// Serves until SIGINT/SIGTERM. Binds 127.0.0.1 only. Every /api/ request must carry the run's random token
// (header X-Tacit-Token) and a loopback Host header. Returns the process exit code.
int Serve(const ServeOptions& options, ServeHost& host);

}  // namespace host

#endif  // TACIT_HOST_SERVE_H_
