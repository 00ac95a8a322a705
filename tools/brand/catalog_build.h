// The brand's catalog build step as a library: catalog JSON (the JSON form of schemas/catalog.fbs) to the
// FlatBuffer payload, checked exactly as the SDK will check it. Used by tacit-brand and tacit-eval.
#ifndef TACIT_TOOLS_BRAND_CATALOG_BUILD_H_
#define TACIT_TOOLS_BRAND_CATALOG_BUILD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace tacit_brand {

extern const char kCatalogSchema[];  // schemas/catalog.fbs, embedded at build time

// Parses `json` against `schema` (the embedded schema when empty; unknown fields are errors), then runs
// the SDK's payload checks. `source_name` names the input in error messages. MALFORMED on any failure.
tacit::Result<std::vector<uint8_t>> BuildCatalogPayload(const std::string& json, const std::string& source_name,
                                                        const std::string& schema = std::string());

}  // namespace tacit_brand

#endif  // TACIT_TOOLS_BRAND_CATALOG_BUILD_H_
