/// Shareability of a file index [V8 maple tree, H2 `shareability`].
public enum Attr: UInt8, Sendable, CaseIterable {
  case `private` = 0
  case shared = 1

  public var name: String { self == .private ? "private" : "shared" }
}

/// Where a subpage's memory is.
public enum Life: UInt8, Sendable, CaseIterable {
  /// Not allocated.
  case hole = 0
  /// In the file's page cache.
  case present = 1
  /// Truncated out of the file but still referenced (pinned).
  case orphan = 2
  /// Last reference dropped; the piece waits to be merged back [H2].
  case freed = 3

  public var name: String {
    switch self {
    case .hole: "hole"
    case .present: "present"
    case .orphan: "orphan"
    case .freed: "freed"
    }
  }
}

/// Whether a huge folio is whole or split into 4K pieces [H2].
public enum Layout: UInt8, Sendable, CaseIterable {
  case huge = 0
  case split = 1

  public var name: String { self == .huge ? "huge" : "split" }
}
