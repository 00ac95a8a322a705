// Reading and writing the evaluation's two input files (docs/evaluation.md).
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "common/time_text.h"
#include "eval.h"

namespace tacit_eval {
namespace {

using tacit::Status;

Status Bad(const std::string& where, const std::string& what) {
  return Status::Invalid(where + ": " + what);
}

// One record of a CSV (double-quoted fields may hold the delimiter and "" for a quote) or TSV line.
std::vector<std::string> SplitLine(const std::string& line, char delim) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cur += ch;
      }
    } else if (ch == '"' && cur.empty()) {
      quoted = true;
    } else if (ch == delim) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(cur);
  return out;
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> line_of;
  int Column(std::initializer_list<const char*> names) const {
    for (const char* n : names)
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == n) return int(i);
    return -1;
  }
};

tacit::Result<Table> ReadTable(const std::string& path) {
  std::ifstream f(path);
  if (!f) return Status::IO("cannot read " + path);
  Table t;
  std::string line;
  char delim = ',';
  size_t n = 0;
  while (std::getline(f, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty() || line[0] == '#') continue;
    if (t.header.empty()) {
      delim = line.find('\t') != std::string::npos ? '\t' : ',';
      for (auto& h : SplitLine(line, delim)) t.header.push_back(Lower(Trim(h)));
      continue;
    }
    t.rows.push_back(SplitLine(line, delim));
    t.line_of.push_back(n);
  }
  if (t.header.empty()) return Status::Invalid(path + ": no header row");
  return t;
}

// Unix seconds (< 1e11), Unix ms, or ISO 8601 (common/time_text.h); a time of day without a zone is UTC, as
// logs often leave it out.
bool ParseTime(const std::string& s, int64_t* ms) {
  if (s.empty()) return false;
  if (s.find('-') != std::string::npos && s.size() >= 10) {
    std::string t = s, why;
    if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
    if (tacit::tools::ParseTime(t, ms, &why)) return true;
    return t.size() > 10 && tacit::tools::ParseTime(t + "Z", ms, &why);
  }
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) return false;
  *ms = v < 1e11 ? int64_t(v * 1000.0) : int64_t(v);
  return true;
}

int32_t EventByName(const std::string& name) {
  static const char* kNames[] = {"", "view", "open", "complete", "like", "share", "dismiss", "conversion", "skip"};
  for (int32_t i = 1; i <= 8; ++i)
    if (name == kNames[i]) return i;
  return 0;
}

std::string Field(const std::vector<std::string>& row, int col) {
  return col >= 0 && size_t(col) < row.size() ? Trim(row[size_t(col)]) : std::string();
}

// Field text for a TSV/CSV writer: tabs and newlines become spaces.
std::string Clean(const std::string& s) {
  std::string out = s;
  for (char& ch : out)
    if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
  return out;
}

}  // namespace

bool IsPositive(const Interaction& x) {
  if (x.rating > 0) return x.rating >= 4.0;
  return x.event == 2 || x.event == 3 || x.event == 4 || x.event == 5 || x.event == 7;
}

tacit::Result<Dataset> ReadDataset(const std::string& items_path, const std::string& interactions_path) {
  Dataset d;
  TACIT_ASSIGN_OR_RETURN(Table items, ReadTable(items_path));
  const int c_id = items.Column({"id", "item", "item_id"}), c_title = items.Column({"title", "name"});
  const int c_topics = items.Column({"topics", "genres"}), c_emb = items.Column({"embedding"});
  const int c_date = items.Column({"date", "published", "published_at"}), c_kind = items.Column({"kind", "type"});
  if (c_id < 0) return Status::Invalid(items_path + ": no 'id' column");
  for (size_t r = 0; r < items.rows.size(); ++r) {
    const auto& row = items.rows[r];
    const std::string where = items_path + ":" + std::to_string(items.line_of[r]);
    EvalItem it;
    it.id = Field(row, c_id);
    if (it.id.empty()) return Bad(where, "empty id");
    if (d.item_index.count(it.id)) return Bad(where, "duplicate item id " + it.id);
    it.title = Field(row, c_title);
    std::stringstream topics(Field(row, c_topics));
    std::string part;
    while (std::getline(topics, part, ';')) {
      part = Trim(part);
      if (part.empty()) continue;
      const size_t colon = part.rfind(':');
      float w = 1.0f;
      std::string id = part;
      if (colon != std::string::npos) {
        char* end = nullptr;
        const std::string ws = part.substr(colon + 1);
        w = std::strtof(ws.c_str(), &end);
        if (end == ws.c_str() || *end != '\0' || !(w > 0) || !std::isfinite(w)) return Bad(where, "bad topic weight in '" + part + "'");
        id = Trim(part.substr(0, colon));
      }
      if (!id.empty()) it.topics.emplace_back(id, w);
    }
    std::stringstream emb(Field(row, c_emb));
    float v;
    while (emb >> v) {
      if (!std::isfinite(v)) return Bad(where, "embedding value is not finite");
      it.embedding.push_back(v);
    }
    const std::string date = Field(row, c_date);
    if (!date.empty() && !ParseTime(date, &it.date_ms)) return Bad(where, "bad date '" + date + "'");
    it.kind = Lower(Field(row, c_kind));
    d.item_index[it.id] = uint32_t(d.items.size());
    d.items.push_back(std::move(it));
  }
  if (d.items.empty()) return Status::Invalid(items_path + ": no items");

  TACIT_ASSIGN_OR_RETURN(Table logs, ReadTable(interactions_path));
  const int c_user = logs.Column({"user", "user_id"}), c_item = logs.Column({"item", "item_id"});
  const int c_rating = logs.Column({"rating", "event", "event_type"});
  const int c_ts = logs.Column({"timestamp", "ts", "time"});
  if (c_user < 0 || c_item < 0 || c_rating < 0 || c_ts < 0)
    return Status::Invalid(interactions_path + ": needs columns user, item, rating (or event), timestamp");
  std::unordered_map<std::string, uint32_t> user_index;
  for (size_t r = 0; r < logs.rows.size(); ++r) {
    const auto& row = logs.rows[r];
    const std::string where = interactions_path + ":" + std::to_string(logs.line_of[r]);
    Interaction x;
    const std::string user = Field(row, c_user), item = Field(row, c_item), rating = Lower(Field(row, c_rating));
    if (user.empty()) return Bad(where, "empty user");
    auto it = d.item_index.find(item);
    if (it == d.item_index.end()) return Bad(where, "item '" + item + "' is not in " + items_path);
    x.item = it->second;
    auto u = user_index.emplace(user, uint32_t(d.users.size()));
    if (u.second) d.users.push_back(user);
    x.user = u.first->second;
    x.event = EventByName(rating);
    if (!x.event) {
      char* end = nullptr;
      x.rating = std::strtod(rating.c_str(), &end);
      if (end == rating.c_str() || *end != '\0' || !(x.rating > 0) || !std::isfinite(x.rating))
        return Bad(where, "rating '" + rating + "' is neither a positive number nor an event name");
    }
    if (!ParseTime(Field(row, c_ts), &x.ts_ms)) return Bad(where, "bad timestamp '" + Field(row, c_ts) + "'");
    d.interactions.push_back(x);
  }
  if (d.interactions.empty()) return Status::Invalid(interactions_path + ": no interactions");
  return d;
}

tacit::Status WriteDataset(const Dataset& d, const std::string& items_path, const std::string& interactions_path) {
  {
    std::ofstream f(items_path);
    if (!f) return Status::IO("cannot write " + items_path);
    f << "id\ttitle\ttopics\tembedding\tdate\tkind\n";
    for (const auto& it : d.items) {
      f << Clean(it.id) << '\t' << Clean(it.title) << '\t';
      for (size_t t = 0; t < it.topics.size(); ++t) f << (t ? ";" : "") << it.topics[t].first << ':' << it.topics[t].second;
      f << '\t';
      for (size_t e = 0; e < it.embedding.size(); ++e) f << (e ? " " : "") << it.embedding[e];
      f << '\t' << it.date_ms << '\t' << it.kind << '\n';
    }
    if (!f) return Status::IO("cannot write " + items_path);
  }
  std::ofstream f(interactions_path);
  if (!f) return Status::IO("cannot write " + interactions_path);
  static const char* kNames[] = {"", "view", "open", "complete", "like", "share", "dismiss", "conversion", "skip"};
  f << "user\titem\trating\ttimestamp\n";
  for (const auto& x : d.interactions) {
    f << d.users[x.user] << '\t' << d.items[x.item].id << '\t';
    if (x.event > 0 && x.event <= 8) {
      f << kNames[x.event];
    } else {
      f << x.rating;
    }
    f << '\t' << x.ts_ms << '\n';
  }
  if (!f) return Status::IO("cannot write " + interactions_path);
  return Status::OK();
}

}  // namespace tacit_eval
