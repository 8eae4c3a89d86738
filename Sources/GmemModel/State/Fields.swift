/// Shareability of a file index [V8 maple tree, H2 `shareability`].
public enum Attr: UInt8, Sendable, CaseIterable {
  case `private` = 0
  case shared = 1

  public var name: String { self == .private ? "private" : "shared" }

  // `bits` and `init(bits:)` are `rawValue` without the optional and the
  // call: the synthesized conversions are too large for the optimizer to
  // inline into the transitions, which convert on every step.

  /// The raw value as a field of a packed subpage.
  @inlinable @inline(always) var bits: UInt32 { self == .shared ? 1 : 0 }

  /// The attribute whose raw value is bit 0 of `bits`.
  @inlinable @inline(always) init(bits: UInt32) { self = bits & 1 == 0 ? .private : .shared }
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

  /// The raw value as a field of a packed subpage (see `Attr.bits`).
  @inlinable @inline(always) var bits: UInt32 {
    switch self {
    case .hole: 0
    case .present: 1
    case .orphan: 2
    case .freed: 3
    }
  }

  /// The life whose raw value is bits 0-1 of `bits`.
  @inlinable @inline(always) init(bits: UInt32) {
    switch bits & 3 {
    case 0: self = .hole
    case 1: self = .present
    case 2: self = .orphan
    default: self = .freed
    }
  }

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
