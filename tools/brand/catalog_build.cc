#include "catalog_build.h"

#include "catalog/loader.h"
#include "flatbuffers/idl.h"

namespace tacit_brand {

tacit::Result<std::vector<uint8_t>> BuildCatalogPayload(const std::string& json, const std::string& source_name,
                                                        const std::string& schema) {
  flatbuffers::IDLOptions opts;
  opts.skip_unexpected_fields_in_json = false;  // a typo in a field name is an error, not a silent default
  flatbuffers::Parser parser(opts);
  const std::string& fbs = schema.empty() ? std::string(kCatalogSchema) : schema;
  if (!parser.Parse(fbs.c_str(), nullptr, "catalog.fbs"))
    return tacit::Status(TACIT_ERR_CATALOG_MALFORMED, "schema: " + parser.error_);
  if (!parser.Parse(json.c_str(), nullptr, source_name.c_str()))
    return tacit::Status(TACIT_ERR_CATALOG_MALFORMED, parser.error_);
  const uint8_t* buf = parser.builder_.GetBufferPointer();
  const size_t size = parser.builder_.GetSize();
  auto checked = tacit::DecodeCatalogPayload(buf, size);
  if (!checked.ok()) return checked.status();
  return std::vector<uint8_t>(buf, buf + size);
}

}  // namespace tacit_brand
