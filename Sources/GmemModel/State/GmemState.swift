import Explorer

/// The whole model state in four machine words: sixteen 16-bit lanes.
///
/// Lanes 0...14 are subpages (global index order); lane 15 is the global
/// lane: bit 0 closed, bit 1 request pending, bit 2 request target,
/// bits 3-6 first and 7-10 last subpage of the request, bits 11-15 the
/// layout of folios 0...4 (1 = split). Unused lanes and bits stay zero, so
/// equal states have equal words and the state count is the count of
/// distinct valuations of the model's fields.
public struct GmemState: Hashable, Sendable, Fingerprinted {
  public var w0: UInt64 = 0
  public var w1: UInt64 = 0
  public var w2: UInt64 = 0
  public var w3: UInt64 = 0

  /// Subpages one state holds.
  public static let subpageCapacity = 15
  /// Folios whose layout one state holds.
  public static let layoutCapacity = 5
  static let globalLane = 15

  public init() {}

  @inline(__always)
  func lane(_ i: Int) -> UInt16 {
    let shift = UInt64((i & 3) * 16)
    switch i >> 2 {
    case 0: return UInt16(truncatingIfNeeded: w0 >> shift)
    case 1: return UInt16(truncatingIfNeeded: w1 >> shift)
    case 2: return UInt16(truncatingIfNeeded: w2 >> shift)
    default: return UInt16(truncatingIfNeeded: w3 >> shift)
    }
  }

  @inline(__always)
  mutating func setLane(_ i: Int, _ value: UInt16) {
    let shift = UInt64((i & 3) * 16)
    let clear = ~(UInt64(0xFFFF) << shift)
    let bits = UInt64(value) << shift
    switch i >> 2 {
    case 0: w0 = (w0 & clear) | bits
    case 1: w1 = (w1 & clear) | bits
    case 2: w2 = (w2 & clear) | bits
    default: w3 = (w3 & clear) | bits
    }
  }

  public subscript(subpage p: Int) -> Subpage {
    @inline(__always) get { Subpage(raw: lane(p)) }
    @inline(__always) set { setLane(p, newValue.raw) }
  }

  @inline(__always)
  private var global: UInt16 {
    get { lane(Self.globalLane) }
    set { setLane(Self.globalLane, newValue) }
  }

  @inline(__always)
  private mutating func setGlobalBit(_ bit: UInt16, _ on: Bool) {
    global = on ? global | (1 << bit) : global & ~(1 << bit)
  }

  /// The VMM has closed the file.
  public var closed: Bool {
    get { global & 1 != 0 }
    set { setGlobalBit(0, newValue) }
  }

  /// The guest's pending conversion, if any.
  public var request: Request? {
    get {
      let g = global
      guard g & 2 != 0 else { return nil }
      return Request(
        first: Int((g >> 3) & 0xF), last: Int((g >> 7) & 0xF),
        to: (g >> 2) & 1 == 0 ? .private : .shared)
    }
    set {
      var g = global & ~UInt16(0x7FE)
      if let r = newValue {
        g |= 2 | UInt16(r.to.rawValue) << 2 | UInt16(r.first) << 3 | UInt16(r.last) << 7
      }
      global = g
    }
  }

  public func layout(ofFolio f: Int) -> Layout {
    (global >> (11 + UInt16(f))) & 1 == 0 ? .huge : .split
  }

  public mutating func setLayout(_ layout: Layout, ofFolio f: Int) {
    setGlobalBit(11 + UInt16(f), layout == .split)
  }

  /// A 64-bit mix of all four words (each word multiplied in, then a final
  /// avalanche), so every bit of every field moves the table position.
  public var fingerprint: UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    h = (h ^ w0) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 29) ^ w1) &* 0x94D0_49BB_1331_11EB
    h = (h ^ (h >> 32) ^ w2) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 29) ^ w3) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }
}

/// A pending conversion: the subpages `first...last` and the target.
public struct Request: Hashable, Sendable {
  public var first: Int
  public var last: Int
  public var to: Attr

  public init(first: Int, last: Int, to: Attr) {
    self.first = first
    self.last = last
    self.to = to
  }

  public var range: ClosedRange<Int> { first...last }
  public func covers(_ p: Int) -> Bool { p >= first && p <= last }
}
