// Item-item statistics from the training interactions: cosine-normalised co-occurrence of positives
// (the item-kNN baseline) and item embeddings from its truncated SVD (for catalogs that ship none).
#ifndef TACIT_TOOLS_EVAL_EMBED_H_
#define TACIT_TOOLS_EVAL_EMBED_H_

#include <cstdint>
#include <memory>
#include <vector>

namespace tacit_eval {

struct CooccurrenceData;
struct CooccurrenceModel {
  std::shared_ptr<const CooccurrenceData> data;
};

// positives[u]: the distinct items user u engaged with positively in training.
CooccurrenceModel BuildCooccurrence(const std::vector<std::vector<uint32_t>>& positives, size_t items);

// Item-kNN: score(i) = sum over the user's positives j of cos(i, j), cos(i, j) = c_ij / sqrt(c_i c_j).
void KnnScores(const CooccurrenceModel& m, const std::vector<uint32_t>& user_positives, std::vector<float>* scores);

// items x dim, row-major: the top `dim` right singular vectors of the user-item matrix with columns scaled
// by 1/sqrt(item count), times their singular values (a randomized SVD, seeded). Items never engaged with
// get a zero row.
std::vector<float> SvdEmbeddings(const CooccurrenceModel& m, uint32_t dim, uint64_t seed);

}  // namespace tacit_eval

#endif  // TACIT_TOOLS_EVAL_EMBED_H_
