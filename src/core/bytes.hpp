#pragma once
// Values to bytes and back, for what ranks exchange (core/ranks.hpp): trivially copyable values,
// strings and (nested) vectors of them, read back in the order they were written.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace oremap {

class ByteWriter {
 public:
  template <class T>
  ByteWriter& put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
    return *this;
  }
  template <class T>
  ByteWriter& put(const std::vector<T>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    if constexpr (std::is_trivially_copyable_v<T>)
      bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
    else
      for (const auto& v : values) put(v);
    return *this;
  }
  ByteWriter& put(const std::string& text) {
    put(static_cast<std::uint64_t>(text.size()));
    bytes_ += text;
    return *this;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(const std::string& bytes) : bytes_(bytes) {}
  template <class T>
  void get(T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    take(&value, sizeof value);
  }
  template <class T>
  void get(std::vector<T>& values) {
    std::uint64_t n = 0;
    get(n);
    values.resize(n);
    if constexpr (std::is_trivially_copyable_v<T>)
      take(values.data(), n * sizeof(T));
    else
      for (auto& v : values) get(v);
  }
  void get(std::string& text) {
    std::uint64_t n = 0;
    get(n);
    if (n > bytes_.size() - at_) throw std::runtime_error("ByteReader: read past the end");
    text.assign(bytes_, at_, n);
    at_ += n;
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void take(void* out, std::size_t n) {
    if (n > bytes_.size() - at_) throw std::runtime_error("ByteReader: read past the end");
    if (n) std::memcpy(out, bytes_.data() + at_, n);
    at_ += n;
  }
  const std::string& bytes_;
  std::size_t at_ = 0;
};

}  // namespace oremap
