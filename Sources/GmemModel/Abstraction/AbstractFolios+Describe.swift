/// The abstraction in the card's words, for abstract counterexamples.
extension AbstractFolios {
  /// One line per folio: its layout, the local states its unmarked
  /// subpages occupy (each by one or more), and its marked subpages.
  public func describe(_ a: AbstractState) -> [String] {
    var lines: [String] = []
    for (f, keys) in folioKeys(a).enumerated() {
      let layout = config.backing == .huge ? " " + a.layout(ofFolio: f).name : ""
      let some = keys.map { Subpage(raw: $0).phrase }.joined(separator: "; ")
      lines.append("f\(f)\(layout): 1+ each of: \(some.isEmpty ? "(none)" : some)")
      for v in 0..<config.vcpus {
        guard let r = a.request(v), r.folio == f else { continue }
        let who = config.vcpus > 1 ? "vCPU\(v)'s" : "the"
        if r.wholeFolio {
          lines.append("    \(who) request: f\(f) to \(r.to.name)")
        } else {
          let key = a.markKey(v).map { Subpage(raw: $0).phrase } ?? "?"
          lines.append("    \(who) request: one subpage, \(key), to \(r.to.name)")
        }
      }
    }
    if a.closed { lines.append("closed") }
    return lines
  }

  /// The occupied keys of each folio, ascending.
  public func folioKeys(_ a: AbstractState) -> [[UInt32]] {
    withKeys(of: a) { keys in (0..<folios).map { Array(keys.keys[keys.range($0)]) } }
  }

  /// "pin on a subpage that was shared-mapped (pte 1), the last such",
  /// "close", "convert f0 -> private".
  public func describe(_ s: AbstractStep) -> String {
    let a = s.step.action
    let vcpu = config.vcpus > 1 ? " (vCPU\(a.vcpu))" : ""
    let to = a.kind == .guestRequest || a.kind == .convert ? " -> \(a.to.name)" : ""
    let outcome = s.step.outcome == .ok ? "" : ": \(s.step.outcome.name)"
    guard let k = s.key else {
      if Self.namedSubpage(a) != nil || (a.kind == .convert && a.first == a.last) {
        return "\(a.kind.name) the marked subpage\(to)\(vcpu)\(outcome)"
      }
      let f = a.subpage / s.subpages
      let target: String
      switch a.kind {
      case .close: target = ""
      case .abandon: target = ""
      default: target = " f\(f)"
      }
      return "\(a.kind.name)\(target)\(to)\(vcpu)\(outcome)"
    }
    let which = s.last ? "the last such" : "others stay"
    return "\(a.kind.name) a subpage that was \(Subpage(raw: k).phrase)\(to)\(vcpu)\(outcome) (\(which))"
  }
}
