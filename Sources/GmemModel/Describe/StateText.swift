/// States and their differences as lines of text for traces.
extension GuestMemfd {
  /// Runs of consecutive subpages that read the same, as "p0-p3 hole".
  func runs(_ indices: [Int], _ text: (Int) -> String) -> [String] {
    var lines: [String] = []
    var i = 0
    while i < indices.count {
      var j = i
      let t = text(indices[i])
      while j + 1 < indices.count, indices[j + 1] == indices[j] + 1, text(indices[j + 1]) == t {
        j += 1
      }
      let name = i == j ? "p\(indices[i])" : "p\(indices[i])-p\(indices[j])"
      lines.append("\(name) \(t)")
      i = j + 1
    }
    return lines
  }

  /// The whole state, one line per folio plus the global fields.
  public func describe(_ s: GmemState) -> [String] {
    var lines: [String] = []
    for f in 0..<config.folios {
      let subpages = Array(folioRange(f))
      let head = config.backing == .huge ? "f\(f) \(s.layout(ofFolio: f).name):" : "f\(f):"
      lines.append(head + " " + runs(subpages) { s[subpage: $0].phrase }.joined(separator: ", "))
    }
    var global = describeRequests(s)
    if s.closed { global += ", file closed" }
    lines.append(global)
    return lines
  }

  /// What changed from `a` to `b`, one line per item, identical changes of
  /// neighbouring subpages folded into one line.
  public func changes(from a: GmemState, to b: GmemState) -> [String] {
    var lines: [String] = []
    let changed = subpageIndices.filter { a[subpage: $0] != b[subpage: $0] }
    lines += runs(changed) { "\(a[subpage: $0].phrase) -> \(b[subpage: $0].phrase)" }
    if config.backing == .huge {
      for f in 0..<config.folios where a.layout(ofFolio: f) != b.layout(ofFolio: f) {
        lines.append("f\(f) \(a.layout(ofFolio: f).name) -> \(b.layout(ofFolio: f).name)")
      }
    }
    for v in 0..<config.vcpus where a.request(v) != b.request(v) {
      let who = config.vcpus > 1 ? "vCPU\(v) request" : "request"
      var line = "\(who) \(describe(a.request(v))) -> \(describe(b.request(v)))"
      switch answer(ofVCPU: v, from: a, to: b) {
      case .success: line += " (answered: success)"
      case .failure: line += " (answered: failure)"
      case nil: break
      }
      lines.append(line)
    }
    if a.closed != b.closed { lines.append(b.closed ? "file closed" : "file reopened") }
    return lines
  }
}
