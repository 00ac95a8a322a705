#include "embed.h"

#include <Eigen/Dense>
#include <Eigen/Sparse>

#include <algorithm>
#include <cmath>
#include <random>

namespace tacit_eval {

struct CooccurrenceData {
  Eigen::SparseMatrix<double> y;       // users x items, 1/sqrt(c_i) where user engaged with item i
  Eigen::SparseMatrix<float> cosine;   // items x items, y^T y
};

CooccurrenceModel BuildCooccurrence(const std::vector<std::vector<uint32_t>>& positives, size_t items) {
  auto d = std::make_shared<CooccurrenceData>();
  std::vector<double> count(items, 0);
  for (const auto& p : positives)
    for (uint32_t i : p) count[i] += 1;
  std::vector<Eigen::Triplet<double>> t;
  for (size_t u = 0; u < positives.size(); ++u)
    for (uint32_t i : positives[u]) t.emplace_back(int(u), int(i), 1.0 / std::sqrt(count[i]));
  d->y.resize(int(positives.size()), int(items));
  d->y.setFromTriplets(t.begin(), t.end());
  Eigen::SparseMatrix<double> c = Eigen::SparseMatrix<double>(d->y.transpose()) * d->y;
  d->cosine = c.cast<float>();
  d->cosine.makeCompressed();
  return CooccurrenceModel{d};
}

void KnnScores(const CooccurrenceModel& m, const std::vector<uint32_t>& user_positives, std::vector<float>* scores) {
  std::fill(scores->begin(), scores->end(), 0.0f);
  const auto& c = m.data->cosine;
  for (uint32_t j : user_positives)
    for (Eigen::SparseMatrix<float>::InnerIterator it(c, int(j)); it; ++it) (*scores)[size_t(it.row())] += it.value();
}

std::vector<float> SvdEmbeddings(const CooccurrenceModel& m, uint32_t dim, uint64_t seed) {
  const auto& y = m.data->y;
  const int items = int(y.cols());
  const int l = std::min<int>(items, int(dim) + 10);
  std::mt19937_64 rng(seed ^ 0x5EEDULL);
  std::normal_distribution<double> normal;
  Eigen::MatrixXd z(items, l);
  for (int c = 0; c < l; ++c)
    for (int r = 0; r < items; ++r) z(r, c) = normal(rng);
  // Range finder with power iterations on y^T y, re-orthonormalised each time.
  auto orth = [](const Eigen::MatrixXd& a) {
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    return Eigen::MatrixXd(qr.householderQ() * Eigen::MatrixXd::Identity(a.rows(), a.cols()));
  };
  Eigen::MatrixXd q = orth(z);
  for (int it = 0; it < 4; ++it) q = orth(Eigen::MatrixXd(y.transpose() * Eigen::MatrixXd(y * q)));
  Eigen::MatrixXd b = y * q;  // users x l
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(b, Eigen::ComputeThinV);
  Eigen::MatrixXd v = q * svd.matrixV();  // items x l
  const Eigen::VectorXd& s = svd.singularValues();
  std::vector<float> out(size_t(items) * dim, 0.0f);
  for (int i = 0; i < items; ++i)
    for (uint32_t e = 0; e < dim && int(e) < l; ++e) out[size_t(i) * dim + e] = float(v(i, int(e)) * s(int(e)));
  return out;
}

}  // namespace tacit_eval
