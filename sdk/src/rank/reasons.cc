#include "rank/reasons.h"

#include <initializer_list>
#include <string_view>

#include "tacit/tacit.h"

namespace tacit {
namespace {

// The pieces joined with one allocation (reasons are built for every ranked item).
std::string Cat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (std::string_view p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (std::string_view p : parts) out.append(p.data(), p.size());
  return out;
}

std::string Lang(const std::string& locale) {
  std::string l = locale.substr(0, locale.find_first_of("-_"));
  for (char& ch : l)
    if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
  return l;
}

// Nouns and verbs per kind. English: singular, plural, the verb for a finished item, for one only started.
struct KindWords {
  const char* one;
  const char* many;
  const char* finished;
  const char* started;
};
const KindWords& English(ItemKind k) {
  static const KindWords kWords[] = {
      {"item", "items", "finished", "opened"},          // unspecified
      {"article", "articles", "read", "opened"},        // article
      {"video", "videos", "watched", "started watching"},  // video
      {"track", "tracks", "listened to", "played"},     // audio
      {"product", "products", "bought", "looked at"},   // product
  };
  return kWords[uint8_t(k) <= kItemKindMax ? uint8_t(k) : 0];
}
// German: singular, plural, participle for finished, for started; and the indefinite accusative article.
struct GermanWords {
  const char* one;
  const char* many;
  const char* finished;
  const char* started;
  const char* a;  // "einen" / "ein"
};
const GermanWords& German(ItemKind k) {
  static const GermanWords kWords[] = {
      {"Beitrag", "Beitr\xc3\xa4ge", "abgeschlossen", "ge\xc3\xb6" "ffnet", "einen"},
      {"Artikel", "Artikel", "gelesen", "ge\xc3\xb6" "ffnet", "einen"},
      {"Video", "Videos", "angesehen", "angefangen", "ein"},
      {"Titel", "Titel", "geh\xc3\xb6rt", "abgespielt", "einen"},
      {"Produkt", "Produkte", "gekauft", "angesehen", "ein"},
  };
  return kWords[uint8_t(k) <= kItemKindMax ? uint8_t(k) : 0];
}

const char* EnglishAct(ItemKind kind, int32_t act) {
  switch (act) {
    case TACIT_EVENT_LIKE: return "liked";
    case TACIT_EVENT_SHARE: return "shared";
    case TACIT_EVENT_CONVERSION: return "bought";
    case TACIT_EVENT_COMPLETE: return English(kind).finished;
    default: return English(kind).started;
  }
}

const char* GermanAct(ItemKind kind, int32_t act) {
  switch (act) {
    case TACIT_EVENT_LIKE: return "gemocht";
    case TACIT_EVENT_SHARE: return "geteilt";
    case TACIT_EVENT_CONVERSION: return "gekauft";
    case TACIT_EVENT_COMPLETE: return German(kind).finished;
    default: return German(kind).started;
  }
}

}  // namespace

ReasonLanguage LanguageOf(const std::string& locale) {
  return Lang(locale) == "de" ? ReasonLanguage::kGerman : ReasonLanguage::kEnglish;
}

std::string TopicLabel(const Catalog& c, uint32_t topic, ReasonLanguage lang) {
  const Topic& t = c.topics[topic];
  const char* want = lang == ReasonLanguage::kGerman ? "de" : "en";
  for (const LocalizedText& l : t.labels)
    if (Lang(l.locale) == want && !l.text.empty()) return l.text;
  if (!t.label.empty()) return t.label;
  std::string speakable = t.id;  // "trail-running" -> "trail running"
  for (char& ch : speakable)
    if (ch == '-' || ch == '_' || ch == '.') ch = ' ';
  return speakable;
}

ReasonText DeclaredReason(ReasonLanguage lang, const std::string& label) {
  if (lang == ReasonLanguage::kGerman)
    return {Cat({"Weil du gesagt hast, dass du ", label, " magst"}), Cat({"Du hast gesagt, dass du ", label, " magst."})};
  return {Cat({"Because you said you like ", label}), Cat({"You said you like ", label, "."})};
}

ReasonText InferredCountReason(ReasonLanguage lang, const std::string& label, uint32_t count, ItemKind kind,
                               bool finished) {
  const std::string n = std::to_string(count);
  if (lang == ReasonLanguage::kGerman) {
    const GermanWords& w = German(kind);
    const char* noun = count == 1 ? w.one : w.many;
    if (finished)
      return {Cat({"Weil du diese Woche ", n, " ", noun, " zu ", label, " ", w.finished, " hast"}),
              Cat({"Du hast diese Woche ", n, " ", noun, " zu ", label, " ", w.finished, "."})};
    return {Cat({"Weil du dich diese Woche f\xc3\xbcr ", n, " ", noun, " zu ", label, " interessiert hast"}),
            Cat({"Du interessierst dich gerade f\xc3\xbcr ", label, "."})};
  }
  const KindWords& w = English(kind);
  const char* noun = count == 1 ? w.one : w.many;
  // "3 running articles", but "1 video in documentaries": a plural label does not read as an adjective.
  const bool plural_label = label.size() > 2 && label.back() == 's' && label[label.size() - 2] != 's';
  const std::string things = plural_label ? Cat({n, " ", noun, " in ", label}) : Cat({n, " ", label, " ", noun});
  if (finished)
    return {Cat({"Because you ", w.finished, " ", things, " this week"}),
            Cat({"You ", w.finished, " ", things, " this week."})};
  return {Cat({"Because you showed interest in ", things, " this week"}), Cat({"You've been into ", label, " lately."})};
}

ReasonText InferredLatelyReason(ReasonLanguage lang, const std::string& label) {
  if (lang == ReasonLanguage::kGerman)
    return {Cat({"Weil du dich in letzter Zeit f\xc3\xbcr ", label, " interessierst"}),
            Cat({"Du interessierst dich gerade f\xc3\xbcr ", label, "."})};
  return {Cat({"Because you've shown interest in ", label, " lately"}), Cat({"You've been into ", label, " lately."})};
}

ReasonText SimilarReason(ReasonLanguage lang, const std::string& title, const std::string& label, ItemKind kind,
                         int32_t act) {
  if (lang == ReasonLanguage::kGerman) {
    const char* verb = GermanAct(kind, act);
    if (title.empty()) {
      const GermanWords& w = German(kind);
      const std::string thing = Cat({w.a, " ", w.one, " zu ", label});
      return {Cat({"Weil du ", thing, " ", verb, " hast"}), Cat({"Du hast ", thing, " ", verb, "."})};
    }
    return {Cat({"Weil du \xe2\x80\x9e", title, "\xe2\x80\x9c ", verb, " hast"}), Cat({"Es \xc3\xa4hnelt ", title, "."})};
  }
  const char* verb = EnglishAct(kind, act);
  if (title.empty()) {
    const std::string thing = Cat({"a ", label, " ", English(kind).one});
    return {Cat({"Similar to ", thing, " you ", verb}), Cat({"It's like ", thing, " you ", verb, "."})};
  }
  return {Cat({"Similar to \"", title, "\", which you ", verb}), Cat({"It's like ", title, ", which you ", verb, "."})};
}

ReasonText FreshReason(ReasonLanguage lang) {
  if (lang == ReasonLanguage::kGerman) return {"Neu erschienen", "Das ist ganz neu."};
  return {"Just published", "It's brand new."};
}

ReasonText PopularReason(ReasonLanguage lang, bool know_little) {
  if (lang == ReasonLanguage::kGerman)
    return {know_little ? "Gerade beliebt \xe2\x80\x94 wir kennen dich noch nicht gut" : "Gerade beliebt",
            "Das ist gerade beliebt."};
  return {know_little ? "Popular right now \xe2\x80\x94 we don't know you well yet" : "Popular right now",
          "It's popular right now."};
}

ReasonText ExploringReason(ReasonLanguage lang) {
  if (lang == ReasonLanguage::kGerman) return {"Etwas Neues zum Ausprobieren", "Hier ist etwas Neues."};
  return {"Something new we're trying", "Here's something new."};
}

ReasonText BrandOrderReason(ReasonLanguage lang) {
  if (lang == ReasonLanguage::kGerman) return {"Aus diesem Katalog, in der Reihenfolge der Marke", "Als N\xc3\xa4" "chstes."};
  return {"In this catalog, ranked by the brand's order", "It's up next."};
}

}  // namespace tacit
