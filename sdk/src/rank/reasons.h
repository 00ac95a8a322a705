// Reason sentences, per language, with the verb that fits the item's kind. Chosen by the request's locale
// (its language subtag); English when the language has no templates. Every sentence states only what the
// user did or said: the caller passes the act (complete, like, ...) it is citing.
#ifndef TACIT_RANK_REASONS_H_
#define TACIT_RANK_REASONS_H_

#include <cstdint>
#include <string>

#include "model/catalog.h"

namespace tacit {

enum class ReasonLanguage { kEnglish, kGerman };

ReasonLanguage LanguageOf(const std::string& locale);

struct ReasonText {
  std::string text;    // for a screen
  std::string spoken;  // for a speaker: short, no ids
};

// The topic's label in the language (its localized label, else its label, else its id made speakable).
std::string TopicLabel(const Catalog& c, uint32_t topic, ReasonLanguage lang);

ReasonText DeclaredReason(ReasonLanguage lang, const std::string& label);
// `count` distinct items of the topic this week, all of `kind` (kUnspecified when mixed); `finished`: the
// count is of items completed or bought, else of items engaged with in any way.
ReasonText InferredCountReason(ReasonLanguage lang, const std::string& label, uint32_t count, ItemKind kind, bool finished);
ReasonText InferredLatelyReason(ReasonLanguage lang, const std::string& label);
// Like an item the user met: `title` ("" when the catalog has none: then `label` and `kind` describe it),
// `act` the strongest tacit_event_type the user did with it.
ReasonText SimilarReason(ReasonLanguage lang, const std::string& title, const std::string& label, ItemKind kind,
                         int32_t act);
ReasonText FreshReason(ReasonLanguage lang);
ReasonText PopularReason(ReasonLanguage lang, bool know_little);
ReasonText ExploringReason(ReasonLanguage lang);
ReasonText BrandOrderReason(ReasonLanguage lang);

}  // namespace tacit

#endif  // TACIT_RANK_REASONS_H_
