// Reason sentences: the verb fits the item's kind and the act cited, the language follows the locale, and an
// item without a title is described, never named by its id.
#include <catch2/catch.hpp>

#include "rank/reasons.h"
#include "tacit/tacit.h"

using namespace tacit;

TEST_CASE("reasons use the verb of the item's kind and of what the user did") {
  const auto en = ReasonLanguage::kEnglish;
  CHECK(InferredCountReason(en, "running", 3, ItemKind::kArticle, true).text == "Because you read 3 running articles this week");
  CHECK(InferredCountReason(en, "jazz", 1, ItemKind::kAudio, true).text == "Because you listened to 1 jazz track this week");
  CHECK(InferredCountReason(en, "comedy", 2, ItemKind::kVideo, true).text == "Because you watched 2 comedy videos this week");
  CHECK(InferredCountReason(en, "coffee", 2, ItemKind::kProduct, true).text == "Because you bought 2 coffee products this week");
  CHECK(InferredCountReason(en, "jazz", 2, ItemKind::kAudio, false).text == "Because you showed interest in 2 jazz tracks this week");
  CHECK(InferredCountReason(en, "documentaries", 1, ItemKind::kVideo, true).text ==
        "Because you watched 1 video in documentaries this week");
  CHECK(InferredCountReason(en, "news", 2, ItemKind::kArticle, false).spoken == "You've been into news lately.");
  CHECK(InferredCountReason(en, "fitness", 2, ItemKind::kArticle, true).text == "Because you read 2 fitness articles this week");
  CHECK(SimilarReason(en, "Blue Train", "jazz", ItemKind::kAudio, TACIT_EVENT_LIKE).text == "Similar to \"Blue Train\", which you liked");
  CHECK(SimilarReason(en, "Blue Train", "jazz", ItemKind::kAudio, TACIT_EVENT_COMPLETE).text == "Similar to \"Blue Train\", which you listened to");
  CHECK(SimilarReason(en, "Blue Train", "jazz", ItemKind::kAudio, TACIT_EVENT_OPEN).text == "Similar to \"Blue Train\", which you played");
  CHECK(SimilarReason(en, "Trail guide", "hiking", ItemKind::kArticle, TACIT_EVENT_OPEN).text == "Similar to \"Trail guide\", which you opened");
}

TEST_CASE("an item without a title is described by its topic and kind") {
  const ReasonText t = SimilarReason(ReasonLanguage::kEnglish, "", "jazz", ItemKind::kAudio, TACIT_EVENT_LIKE);
  CHECK(t.text == "Similar to a jazz track you liked");
  CHECK(t.spoken == "It's like a jazz track you liked.");
  CHECK(SimilarReason(ReasonLanguage::kGerman, "", "Jazz", ItemKind::kAudio, TACIT_EVENT_LIKE).text ==
        "Weil du einen Titel zu Jazz gemocht hast");
}

TEST_CASE("the request's locale picks the language and the topic's localized label") {
  CHECK(LanguageOf("de-AT") == ReasonLanguage::kGerman);
  CHECK(LanguageOf("DE") == ReasonLanguage::kGerman);
  CHECK(LanguageOf("en-GB") == ReasonLanguage::kEnglish);
  CHECK(LanguageOf("") == ReasonLanguage::kEnglish);
  CHECK(LanguageOf("fr") == ReasonLanguage::kEnglish);  // no French templates yet
  Catalog c;
  c.topics.push_back(Topic{"trail-running", "", -1, Sensitivity::kNone, {}});
  c.topics.push_back(Topic{"hiking", "hiking", -1, Sensitivity::kNone, {{"de", "Wandern"}}});
  CHECK(TopicLabel(c, 0, ReasonLanguage::kEnglish) == "trail running");  // speakable, not the id
  CHECK(TopicLabel(c, 1, ReasonLanguage::kGerman) == "Wandern");
  CHECK(TopicLabel(c, 1, ReasonLanguage::kEnglish) == "hiking");
  CHECK(DeclaredReason(ReasonLanguage::kGerman, "Wandern").text == "Weil du gesagt hast, dass du Wandern magst");
  CHECK(InferredCountReason(ReasonLanguage::kGerman, "Wandern", 3, ItemKind::kArticle, true).text ==
        "Weil du diese Woche 3 Artikel zu Wandern gelesen hast");
  CHECK(SimilarReason(ReasonLanguage::kGerman, "Trail guide", "Wandern", ItemKind::kArticle, TACIT_EVENT_COMPLETE).text ==
        "Weil du \xe2\x80\x9eTrail guide\xe2\x80\x9c gelesen hast");
}
