/// The candidate closest to a misspelt name, for "Did you mean ...?".
///
/// Edit distance, ignoring case; a suggestion is made only when at most
/// a third of the name (and at least one edit) differs, and none for a
/// name over 64 characters, which no key or option comes near (and whose
/// edit distances would take seconds). O(name × candidates).
public func nearestName(to name: String, in candidates: [String]) -> String? {
  guard name.unicodeScalars.count <= 64 else { return nil }
  let target = Array(name.lowercased())
  var best: (String, Int)? = nil
  for candidate in candidates {
    let d = editDistance(target, Array(candidate.lowercased()))
    if best.map({ d < $0.1 }) ?? true { best = (candidate, d) }
  }
  guard let (candidate, distance) = best else { return nil }
  return distance <= max(1, target.count / 3) ? candidate : nil
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
  if a.isEmpty { return b.count }
  var previous = Array(0...b.count)
  var row = previous
  for i in 1...a.count {
    row[0] = i
    for j in stride(from: 1, through: b.count, by: 1) {
      let substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      row[j] = min(substitute, previous[j] + 1, row[j - 1] + 1)
    }
    swap(&previous, &row)
  }
  return previous[b.count]
}

/// "Did you mean 'x'?" or nothing, with a leading space when present.
public func didYouMean(_ name: String, in candidates: [String]) -> String {
  nearestName(to: name, in: candidates).map { " Did you mean '\($0)'?" } ?? ""
}
