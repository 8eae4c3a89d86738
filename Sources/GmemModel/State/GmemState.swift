import Explorer

/// The whole model state in five machine words.
///
/// `w0...w3` are sixteen 16-bit lanes: lanes 0...14 are subpages (global
/// index order, `Subpage`'s low 16 bits); lane 15 holds each subpage's
/// transient reference, bit p for subpage p (`Subpage`'s bit 16). `w4` is
/// the global word: bit 0 closed, bits 1-5 the layout of folios 0...4
/// (1 = split), and from bit 16 one 16-bit field per vCPU for its request
/// (`Request.bits`). Unused lanes and bits stay zero, so equal states have
/// equal words and the state count is the count of distinct valuations of
/// the model's fields.
public struct GmemState: Hashable, Sendable, Fingerprinted, ModelState {
  public var w0: UInt64 = 0
  public var w1: UInt64 = 0
  public var w2: UInt64 = 0
  public var w3: UInt64 = 0
  public var w4: UInt64 = 0

  /// Subpages one state holds.
  public static let subpageCapacity = 15
  /// Folios whose layout one state holds.
  public static let layoutCapacity = 5
  /// vCPUs whose request one state holds.
  public static let vcpuCapacity = 2
  @usableFromInline static let transientLane = 15
  @usableFromInline static let requestShift: UInt64 = 16

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

  /// Subpage p: its lane, with its transient bit from lane 15 as bit 16.
  public subscript(subpage p: Int) -> Subpage {
    @inline(always) get {
      let transient = UInt32(truncatingIfNeeded: w3 &>> UInt64(48 &+ p)) & 1
      return Subpage(raw: UInt32(lane(p)) | transient &<< 16)
    }
    @inline(always) set {
      setLane(p, UInt16(truncatingIfNeeded: newValue.raw))
      let bit: UInt64 = 1 &<< UInt64(48 &+ p)
      w3 = newValue.raw & 0x1_0000 != 0 ? w3 | bit : w3 & ~bit
    }
  }

  /// The VMM has closed the file.
  @inline(always) public var closed: Bool {
    get { w4 & 1 != 0 }
    set { w4 = newValue ? w4 | 1 : w4 & ~1 }
  }

  /// vCPU v's pending conversion, if any.
  @inline(always) public func request(_ v: Int) -> Request? {
    Request(bits: UInt16(truncatingIfNeeded: w4 &>> (Self.requestShift &+ 16 &* UInt64(v))))
  }

  @inline(always) public mutating func setRequest(_ v: Int, _ request: Request?) {
    let shift = Self.requestShift &+ 16 &* UInt64(v)
    w4 = (w4 & ~(0xFFFF &<< shift)) | UInt64(request?.bits ?? 0) &<< shift
  }

  /// Some vCPU has a request pending.
  @inline(always) public var anyRequestPending: Bool { w4 &>> Self.requestShift != 0 }

  @inline(always) public func layout(ofFolio f: Int) -> Layout {
    (w4 &>> UInt64(1 &+ f)) & 1 == 0 ? .huge : .split
  }

  @inline(always) public mutating func setLayout(_ layout: Layout, ofFolio f: Int) {
    let bit: UInt64 = 1 &<< UInt64(1 &+ f)
    w4 = layout == .split ? w4 | bit : w4 & ~bit
  }

  /// Equal words: unused lanes and bits stay zero. Written out rather than
  /// synthesized so that the engine's table probes inline it.
  @inline(always) public static func == (a: GmemState, b: GmemState) -> Bool {
    (a.w0 ^ b.w0) | (a.w1 ^ b.w1) | (a.w2 ^ b.w2) | (a.w3 ^ b.w3) | (a.w4 ^ b.w4) == 0
  }

  @inlinable public func hash(into hasher: inout Hasher) {
    hasher.combine(w0)
    hasher.combine(w1)
    hasher.combine(w2)
    hasher.combine(w3)
    hasher.combine(w4)
  }

  /// A 64-bit mix of all five words (each word multiplied in, then a final
  /// avalanche), so every bit of every field moves the table position.
  @inlinable public var fingerprint: UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    h = (h ^ w0) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 29) ^ w1) &* 0x94D0_49BB_1331_11EB
    h = (h ^ (h >> 32) ^ w2) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 29) ^ w3) &* 0x94D0_49BB_1331_11EB
    h = (h ^ (h >> 32) ^ w4) &* 0xBF58_476D_1CE4_E5B9
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

  @inline(always) public init(_ range: ClosedRange<Int>, to: Attr) {
    self.init(first: range.lowerBound, last: range.upperBound, to: to)
  }

  /// Packed in 16 bits: bit 0 pending, bit 1 target, bits 2-5 first,
  /// bits 6-9 last.
  @inlinable @inline(always) var bits: UInt16 {
    1 | UInt16(to.bits) << 1 | UInt16(first) << 2 | UInt16(last) << 6
  }

  @inlinable @inline(always) init?(bits: UInt16) {
    guard bits & 1 != 0 else { return nil }
    self.init(
      first: Int((bits >> 2) & 0xF), last: Int((bits >> 6) & 0xF), to: Attr(bits: UInt32(bits >> 1)))
  }

  @inline(always) public var range: ClosedRange<Int> { first...last }
  @inline(always) public func covers(_ p: Int) -> Bool { p >= first && p <= last }
}
