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
  @usableFromInline static let globalLane = 15

  @inlinable public init() {}

  // Lane access is on every step's path, with `i` rarely a constant. Reads
  // and writes select the word with the same chain of conditions (not a
  // switch), so that the optimizer folds a read of a lane just written to
  // the value written, and a run of writes to one lane to a single write.

  /// Word `k` (0...3; above 3 reads as 3).
  @inlinable @inline(always)
  func word(_ k: Int) -> UInt64 {
    k == 0 ? w0 : k == 1 ? w1 : k == 2 ? w2 : w3
  }

  @inlinable @inline(always)
  func lane(_ i: Int) -> UInt16 {
    UInt16(truncatingIfNeeded: word(i &>> 2) &>> UInt64((i & 3) &* 16))
  }

  @inlinable @inline(always)
  mutating func setLane(_ i: Int, _ value: UInt16) {
    let shift = UInt64((i & 3) &* 16)
    let k = i &>> 2
    let w = (word(k) & ~(0xFFFF &<< shift)) | UInt64(value) &<< shift
    w0 = k == 0 ? w : w0
    w1 = k == 0 ? w1 : k == 1 ? w : w1
    w2 = k == 0 || k == 1 ? w2 : k == 2 ? w : w2
    w3 = k == 0 || k == 1 || k == 2 ? w3 : w
  }

  public subscript(subpage p: Int) -> Subpage {
    @inline(always) get { Subpage(raw: lane(p)) }
    @inline(always) set { setLane(p, newValue.raw) }
  }

  @inlinable @inline(always)
  var global: UInt16 {
    get { lane(Self.globalLane) }
    set { setLane(Self.globalLane, newValue) }
  }

  @inlinable @inline(always)
  mutating func setGlobalBit(_ bit: UInt16, _ on: Bool) {
    global = on ? global | (1 << bit) : global & ~(1 << bit)
  }

  /// Whether some subpage of `range` passes `test`: `contains(where:)`
  /// written out, because the library's is not inlined, closure and all,
  /// into the transitions, which test ranges on every step.
  @inlinable @inline(always)
  func anySubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Bool {
    var p = range.lowerBound
    while p <= range.upperBound {
      if test(self[subpage: p]) { return true }
      p += 1
    }
    return false
  }

  /// Whether every subpage of `range` passes `test` (see `anySubpage`).
  @inlinable @inline(always)
  func everySubpage(in range: ClosedRange<Int>, _ test: (Subpage) -> Bool) -> Bool {
    !anySubpage(in: range) { !test($0) }
  }

  /// The VMM has closed the file.
  @inline(always) public var closed: Bool {
    get { global & 1 != 0 }
    set { setGlobalBit(0, newValue) }
  }

  /// The guest's pending conversion, if any.
  @inline(always) public var request: Request? {
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
        g |= 2 | r.to.bits << 2 | UInt16(r.first) << 3 | UInt16(r.last) << 7
      }
      global = g
    }
  }

  @inline(always) public func layout(ofFolio f: Int) -> Layout {
    (global >> (11 + UInt16(f))) & 1 == 0 ? .huge : .split
  }

  @inline(always) public mutating func setLayout(_ layout: Layout, ofFolio f: Int) {
    setGlobalBit(11 + UInt16(f), layout == .split)
  }

  /// Equal words: unused lanes and bits stay zero. Written out rather than
  /// synthesized so that the engine's table probes inline it.
  @inline(always) public static func == (a: GmemState, b: GmemState) -> Bool {
    (a.w0 ^ b.w0) | (a.w1 ^ b.w1) | (a.w2 ^ b.w2) | (a.w3 ^ b.w3) == 0
  }

  /// A 64-bit mix of all four words (each word multiplied in, then a final
  /// avalanche), so every bit of every field moves the table position.
  @inlinable public var fingerprint: UInt64 {
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

  @inline(always) public init(first: Int, last: Int, to: Attr) {
    self.first = first
    self.last = last
    self.to = to
  }

  @inline(always) public var range: ClosedRange<Int> { first...last }
  @inline(always) public func covers(_ p: Int) -> Bool { p >= first && p <= last }
}
