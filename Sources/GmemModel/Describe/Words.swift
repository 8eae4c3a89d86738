/// The card's words for a subpage: private, shared, shared-mapped,
/// shared-pinned, long-term-pinned, orphan, freed, hole.
extension Subpage {
  /// One word. A present private page is "private" even when a mutant
  /// left it mapped or pinned: `phrase` then shows the references.
  public var word: String {
    switch life {
    case .hole: return "hole"
    case .freed: return "freed"
    case .orphan: return "orphan"
    case .present:
      if attr == .private { return "private" }
      if longPins > 0 { return "long-term-pinned" }
      if shortPins > 0 { return "shared-pinned" }
      if mapped > 0 { return "shared-mapped" }
      return "shared"
    }
  }

  /// The word with every other field that is not at rest, so that two
  /// different subpages never read the same: "shared-pinned (pte 1, pin 1)",
  /// "hole (shared)", "private (spte)".
  public var phrase: String {
    let details = self.details
    return details.isEmpty ? word : "\(word) (\(details.joined(separator: ", ")))"
  }

  /// What `phrase` says in parentheses, one item a field not at rest (a
  /// page outside the file says its attribute when shared).
  public var details: [String] {
    var details: [String] = []
    if life != .present && attr == .shared { details.append("shared") }
    if mapped > 0 { details.append("pte \(mapped)") }
    if shortPins > 0 { details.append("pin \(shortPins)") }
    if longPins > 0 { details.append("long-pin \(longPins)") }
    if guestMapped { details.append("spte") }
    if iommuMapped { details.append("iommu") }
    if transient { details.append("transient") }
    if written != expectedWritten {
      details.append(expectedWritten ? "write lost" : "unexpected data")
    } else if written {
      details.append("written")
    }
    if migrated { details += pieceFreed ? ["migrated", "piece freed"] : ["migrated"] }
    if stalePins { details.append("pins on old page") }
    return details
  }

  /// The card's words, as `word` gives them.
  public static let words = [
    "private", "shared", "shared-mapped", "shared-pinned", "long-term-pinned", "orphan", "freed", "hole",
  ]

  /// Whether `detail` is one `details` can give (a count stands for any
  /// from 1 to 3), or `private`, which a page outside the file may state.
  public static func isDetail(_ detail: String) -> Bool {
    let fixed = [
      "shared", "private", "spte", "iommu", "transient", "write lost", "unexpected data", "written",
      "migrated", "piece freed", "pins on old page",
    ]
    if fixed.contains(detail) { return true }
    let parts = detail.split(separator: " ")
    return parts.count == 2 && ["pte", "pin", "long-pin"].contains(String(parts[0]))
      && ["1", "2", "3"].contains(String(parts[1]))
  }
}

extension GuestMemfd {
  /// "p3", or "f1" for a whole folio of more than one subpage.
  public func rangeName(_ range: ClosedRange<Int>) -> String {
    if config.subpages > 1 && isWholeFolio(range) { return "f\(folio(of: range.lowerBound))" }
    if range.count == 1 { return "p\(range.lowerBound)" }
    return "p\(range.lowerBound)-p\(range.upperBound)"
  }

  /// "" with one vCPU, else " (vCPU1)": which vCPU's request an action
  /// serves.
  public func vcpuSuffix(_ v: Int) -> String { config.vcpus > 1 ? " (vCPU\(v))" : "" }

  /// "guestRequest p0 -> shared", "convert p2 -> private", "punchHole
  /// f0", "close"; with two vCPUs the request's vCPU follows.
  public func describe(_ action: Action) -> String {
    let name = action.kind.name
    let vcpu = vcpuSuffix(Int(action.vcpu))
    switch action.kind {
    case .guestRequest, .convert: return "\(name) \(rangeName(action.range)) -> \(action.to.name)\(vcpu)"
    case .abandon: return name + vcpu
    case .punchHole: return "\(name) \(rangeName(action.range))"
    case .merge: return "\(name) f\(folio(of: action.subpage))"
    case .close: return name
    default: return "\(name) p\(action.subpage)"
    }
  }

  /// "ok", "SIGBUS", "EAGAIN at p1" (a conversion's error offset).
  public func describeOutcome(_ step: Step) -> String {
    guard let p = step.errorOffset else { return step.outcome.name }
    return "\(step.outcome.name) at p\(p)"
  }

  public func describe(_ request: Request?) -> String {
    guard let r = request else { return "none" }
    return "\(rangeName(r.range)) to \(r.to.name)"
  }

  /// "request f0 to private", or with two vCPUs "requests: vCPU0 none,
  /// vCPU1 p0 to shared".
  public func describeRequests(_ s: GmemState) -> String {
    guard config.vcpus > 1 else { return "request \(describe(s.request(0)))" }
    let each = (0..<config.vcpus).map { "vCPU\($0) \(describe(s.request($0)))" }
    return "requests: " + each.joined(separator: ", ")
  }
}
