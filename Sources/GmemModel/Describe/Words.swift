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
    var details: [String] = []
    if life != .present && attr == .shared { details.append("shared") }
    if mapped > 0 { details.append("pte \(mapped)") }
    if shortPins > 0 { details.append("pin \(shortPins)") }
    if longPins > 0 { details.append("long-pin \(longPins)") }
    if guestMapped { details.append("spte") }
    if iommuMapped { details.append("iommu") }
    if written != expectedWritten {
      details.append(expectedWritten ? "write lost" : "unexpected data")
    } else if written {
      details.append("written")
    }
    if migrated { details.append(pieceFreed ? "migrated, piece freed" : "migrated") }
    if stalePins { details.append("pins on old page") }
    return details.isEmpty ? word : "\(word) (\(details.joined(separator: ", ")))"
  }
}

extension GuestMemfd {
  /// "p3", or "f1" for a whole folio of more than one subpage.
  public func rangeName(_ range: ClosedRange<Int>) -> String {
    if config.subpages > 1 && isWholeFolio(range) { return "f\(folio(of: range.lowerBound))" }
    if range.count == 1 { return "p\(range.lowerBound)" }
    return "p\(range.lowerBound)-p\(range.upperBound)"
  }

  /// "guestRequest p0 -> shared", "punchHole f0", "close".
  public func describe(_ action: Action) -> String {
    let name = action.kind.name
    switch action.kind {
    case .guestRequest, .convert: return "\(name) \(rangeName(action.range)) -> \(action.to.name)"
    case .punchHole: return "\(name) \(rangeName(action.range))"
    case .merge: return "\(name) f\(folio(of: action.subpage))"
    case .close: return name
    default: return "\(name) p\(action.subpage)"
    }
  }

  public func describe(_ request: Request?) -> String {
    guard let r = request else { return "none" }
    return "\(rangeName(r.range)) to \(r.to.name)"
  }
}
