// A synthetic population with planted structure, for the evaluation harness (model: docs/evaluation.md).
#ifndef TACIT_TOOLS_EVAL_SYNTH_H_
#define TACIT_TOOLS_EVAL_SYNTH_H_

#include <cstdint>

#include "eval.h"

namespace tacit_eval {

struct SynthOptions {
  size_t users = 3000;
  size_t items = 1500;
  uint32_t factors = 16;       // latent dimensions
  double mean_events = 30;     // interactions per user (geometric, at least 8)
  double days = 180;           // length of the log
  double drift = 0.6;          // largest share of a user's taste that moves to a new topic by the end
  double taste_sharpness = 6;  // how strongly latent affinity drives choice
  double popularity_pull = 0.8;  // how strongly the item's (hidden) appeal drives choice
  uint64_t seed = 1;
};

Dataset Generate(const SynthOptions& o);

}  // namespace tacit_eval

#endif  // TACIT_TOOLS_EVAL_SYNTH_H_
