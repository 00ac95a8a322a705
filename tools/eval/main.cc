// tacit-eval: measure tacit's ranking offline, beside baselines, on interaction logs (docs/evaluation.md).
//
//   tacit-eval generate --out DIR [--users N] [--items N] [--seed S]     a synthetic population
//   tacit-eval run --items FILE --interactions FILE [--k 10] [--seed S] [--split test|validation] ...
//
// Exit status: 0 on success, 1 on a failed run, 2 on a usage error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "eval.h"
#include "synth.h"
#include "tacit/tacit.h"

int main(int argc, char** argv) {
  CLI::App app{"tacit-eval: offline evaluation of tacit's ranking against baselines (docs/evaluation.md)"};
  app.set_version_flag("--version", std::string("tacit-eval ") + tacit_version());
  app.require_subcommand(1);

  tacit_eval::SynthOptions so;
  std::string out_dir;
  auto* gen = app.add_subcommand("generate", "write a synthetic population (items.tsv, interactions.tsv)");
  gen->add_option("--out", out_dir, "output directory")->required();
  gen->add_option("--users", so.users, "users")->capture_default_str()->check(CLI::Range(1, 1000000));
  gen->add_option("--items", so.items, "items")->capture_default_str()->check(CLI::Range(10, 200000));
  gen->add_option("--events", so.mean_events, "mean interactions per user")->capture_default_str()->check(CLI::Range(8.0, 1000.0));
  gen->add_option("--drift", so.drift, "largest share of taste that drifts")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  gen->add_option("--seed", so.seed, "seed")->capture_default_str();

  tacit_eval::EvalOptions eo;
  std::string items_path, inter_path, split = "test", candidates = "all", json_out;
  double half_life_days = 14;
  auto* run = app.add_subcommand("run", "replay, rank and report HR@K, NDCG@K, coverage, consumed share");
  run->add_option("--items", items_path, "items file (CSV/TSV)")->required()->check(CLI::ExistingFile);
  run->add_option("--interactions", inter_path, "interactions file (CSV/TSV)")->required()->check(CLI::ExistingFile);
  run->add_option("--k", eo.k, "list length")->capture_default_str()->check(CLI::Range(1, 100));
  run->add_option("--seed", eo.seed, "seed (sampling, random baseline, SVD, bootstrap)")->capture_default_str();
  run->add_option("--split", split, "test: hold out each user's last new positive; validation: the one before")
      ->capture_default_str()->check(CLI::IsMember({"test", "validation"}));
  run->add_option("--candidates", candidates, "all: tacit ranks the whole catalog; unseen: only items not in the history")
      ->capture_default_str()->check(CLI::IsMember({"all", "unseen"}));
  run->add_option("--users", eo.max_users, "evaluate a seeded sample of this many users (0 = all)")->capture_default_str();
  run->add_option("--dim", eo.embedding_dim, "embedding dimensions when the items file has none")->capture_default_str()->check(CLI::Range(1, 512));
  run->add_option("--half-life-days", half_life_days, "the profiles' half-life")->capture_default_str()->check(CLI::Range(1.0 / 24, 365.0));
  run->add_option("--bootstrap", eo.bootstrap, "bootstrap resamples")->capture_default_str()->check(CLI::Range(10, 100000));
  run->add_option("--threads", eo.threads, "users replayed in parallel")->capture_default_str()->check(CLI::Range(1, 16));
  run->add_option("--work", eo.work_dir, "directory for the profiles while replayed (default: a temporary one)");
  run->add_option("--locale", eo.locale, "request locale (reason language)");
  run->add_option("--json", json_out, "also write the report as JSON to this file");
  bool in_process = false;
  run->add_flag("--in-process", in_process, "rank with in-memory profile models instead of encrypted profiles (quick)");

  // Weight search: coordinate ascent over a small grid per weight, on the validation split only.
  std::string t_items, t_inter;
  tacit_eval::EvalOptions to;
  size_t rounds = 2;
  auto* tune = app.add_subcommand("tune", "choose ranking weights on the validation split (in-process profile models)");
  tune->add_option("--items", t_items, "items file (CSV/TSV)")->required()->check(CLI::ExistingFile);
  tune->add_option("--interactions", t_inter, "interactions file (CSV/TSV)")->required()->check(CLI::ExistingFile);
  tune->add_option("--k", to.k, "list length")->capture_default_str()->check(CLI::Range(1, 100));
  tune->add_option("--seed", to.seed, "seed")->capture_default_str();
  tune->add_option("--users", to.max_users, "a seeded sample of this many users (0 = all)")->capture_default_str();
  tune->add_option("--rounds", rounds, "passes over the weights")->capture_default_str()->check(CLI::Range(1, 10));

  CLI11_PARSE(app, argc, argv);

  if (*tune) {
    auto data = tacit_eval::ReadDataset(t_items, t_inter);
    if (!data.ok()) {
      std::cerr << "tacit-eval tune: " << data.status().message() << "\n";
      return 1;
    }
    to.split = tacit_eval::Split::kValidation;
    to.bootstrap = 10;
    to.examples = 0;
    tacit::ScoreWeights w;
    to.weights = &w;
    auto score = [&]() -> double {
      auto rep = tacit_eval::RunEval(data.value(), to);
      if (!rep.ok()) {
        std::cerr << "tacit-eval tune: " << rep.status().message() << "\n";
        std::exit(1);
      }
      return rep.value().rankers[0].hr.mean + 1e-3 * rep.value().rankers[0].ndcg.mean;
    };
    struct Knob {
      const char* name;
      std::function<void(double)> set;
      std::function<double()> get;
      std::vector<double> grid;
    };
    std::vector<Knob> knobs = {
        {"inferred", [&](double v) { w.inferred = float(v); }, [&] { return double(w.inferred); }, {0, 0.1, 0.2, 0.4, 0.6, 1.0}},
        {"similar", [&](double v) { w.similar = float(v); }, [&] { return double(w.similar); }, {0.3, 0.45, 0.6, 0.8, 1.0, 1.5, 2.0}},
        {"popular", [&](double v) { w.popular = float(v); }, [&] { return double(w.popular); }, {0.05, 0.1, 0.2, 0.4, 0.6, 0.8}},
        {"popular_floor", [&](double v) { w.popular_floor = float(v); }, [&] { return double(w.popular_floor); }, {0.05, 0.1, 0.25, 0.5, 0.75}},
        {"confidence_half", [&](double v) { w.confidence_half = v; }, [&] { return w.confidence_half; }, {3, 10, 30}},
        {"topic_share", [&](double v) { w.topic_share = v; }, [&] { return w.topic_share; }, {0.3, 0.4, 0.5, 0.7}},
        {"seen", [&](double v) { w.seen = float(v); }, [&] { return double(w.seen); }, {0, 0.1, 0.3, 1.0}},
        {"passed_over", [&](double v) { w.passed_over = float(v); }, [&] { return double(w.passed_over); }, {0, 0.1, 0.25, 0.5, 1.0, 2.0}},
        {"fresh", [&](double v) { w.fresh = float(v); }, [&] { return double(w.fresh); }, {0, 0.05, 0.15, 0.3, 0.6}},
        {"penalty", [&](double v) { w.penalty = float(v); }, [&] { return double(w.penalty); }, {0.05, 0.2, 0.5}},
    };
    double best = score();
    std::cout << "defaults: validation HR@" << to.k << " " << best << "\n";
    for (size_t r = 0; r < rounds; ++r) {
      for (auto& kn : knobs) {
        const double keep = kn.get();
        double best_v = keep;
        for (double v : kn.grid) {
          if (v == keep) continue;
          kn.set(v);
          const double s = score();
          std::cout << "  " << kn.name << " = " << v << ": " << s << "\n" << std::flush;
          if (s > best) best = s, best_v = v;
        }
        kn.set(best_v);
      }
      std::cout << "round " << r + 1 << ": validation HR@" << to.k << " " << best << " with";
      for (auto& kn : knobs) std::cout << " " << kn.name << "=" << kn.get();
      std::cout << "\n";
    }
    return 0;
  }

  if (*gen) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    const tacit_eval::Dataset d = tacit_eval::Generate(so);
    tacit::Status s = tacit_eval::WriteDataset(d, out_dir + "/items.tsv", out_dir + "/interactions.tsv");
    if (!s.ok()) {
      std::cerr << "tacit-eval generate: " << s.message() << "\n";
      return 1;
    }
    std::cout << "wrote " << out_dir << "/items.tsv (" << d.items.size() << " items) and " << out_dir
              << "/interactions.tsv (" << d.interactions.size() << " interactions, " << d.users.size() << " users)\n";
    return 0;
  }
  eo.split = split == "test" ? tacit_eval::Split::kTest : tacit_eval::Split::kValidation;
  eo.candidates = candidates == "all" ? tacit_eval::Candidates::kAll : tacit_eval::Candidates::kUnseen;
  eo.half_life_ms = int64_t(half_life_days * 86400000.0);
  tacit::ScoreWeights defaults;
  if (in_process) eo.weights = &defaults;
  auto data = tacit_eval::ReadDataset(items_path, inter_path);
  if (!data.ok()) {
    std::cerr << "tacit-eval run: " << data.status().message() << "\n";
    return 1;
  }
  auto rep = tacit_eval::RunEval(data.value(), eo);
  if (!rep.ok()) {
    std::cerr << "tacit-eval run: " << rep.status().message() << "\n";
    return 1;
  }
  const auto& r = rep.value();
  std::cout << "split " << split << ", K = " << eo.k << ", candidates " << candidates << ", seed " << eo.seed << "\n"
            << r.Table() << "\n";
  for (const auto& ex : r.examples) {
    std::cout << "user " << ex.user << " (held out: " << ex.target << "):\n";
    for (const auto& e : ex.top) {
      std::cout << "  " << e.item << " \"" << e.title << "\"";
      for (size_t q = 0; q < e.reasons.size(); ++q) std::cout << (q ? "; " : " — ") << e.reasons[q];
      std::cout << "\n";
    }
  }
  std::fprintf(stdout, "(%.1f s)\n", r.seconds);
  if (!json_out.empty()) {
    std::ofstream f(json_out);
    f << r.Json() << "\n";
    if (!f) {
      std::cerr << "tacit-eval run: cannot write " << json_out << "\n";
      return 1;
    }
  }
  return 0;
}
