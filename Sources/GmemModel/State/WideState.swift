/// A state with room for 32 subpages: what the every-size abstraction
/// (`AbstractFolios`) builds its representatives in, one subpage per
/// occupied local state, to run the model's own transitions on them. The
/// packed `GmemState` has 15 lanes; a folio of the default design can have
/// 18 local states occupied at once.
public struct WideState: ModelState, Hashable, Sendable {
  /// Subpage p's fields (`Subpage.raw`) but the transient bit, which is
  /// bit p of `transient`: 16 bits a lane, so that a state is 88 bytes
  /// (the model's steps copy it several times; copies were a fifth of the
  /// every-size search's time at 32 bits a lane). Not a SIMD vector:
  /// reading one lane at a run-time index spilled it all to the stack.
  /// 32 lanes: a folio of the default design needs at most 21; two folios
  /// get 16 each.
  public var lanes = InlineArray<32, UInt16>(repeating: 0)
  /// Bit p: the transient bit (`Subpage.raw` bit 16) of subpage p.
  public var transient: UInt32 = 0
  /// Bit 0 closed, bit 1 + f the layout of folio f (1 = split).
  public var global: UInt64 = 0
  /// Per vCPU: bit 0 pending, bit 1 target, bits 8-15 first, 16-23 last.
  public var requests = SIMD2<UInt32>()

  public static let capacity = 32

  @inlinable public static func == (a: WideState, b: WideState) -> Bool {
    a.global == b.global && a.requests == b.requests && a.lanesDiffering(from: b) == 0
  }

  /// Bit p set where subpage p differs from `other`'s: sixteen lanes a
  /// vector compare (a lane-by-lane loop was a seventh of the every-size
  /// search's time).
  @inlinable @inline(__always)
  public func lanesDiffering(from other: WideState) -> UInt32 {
    withUnsafeBytes(of: lanes) { x in
      withUnsafeBytes(of: other.lanes) { y in
        var mask = transient ^ other.transient
        for chunk in 0..<Self.capacity / 16 {
          let offset = chunk * 32
          let differ = x.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt16>.self)
            .!= y.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt16>.self)
          mask |= Self.bits(differ) << UInt32(chunk * 16)
        }
        return mask
      }
    }
  }

  /// Bit p set where subpage p's key is `key`.
  @inlinable @inline(__always)
  public func lanesHolding(_ key: UInt32) -> UInt32 {
    withUnsafeBytes(of: lanes) { x in
      let low = SIMD16<UInt16>(repeating: UInt16(truncatingIfNeeded: key))
      var mask: UInt32 = 0
      for chunk in 0..<Self.capacity / 16 {
        let equal = x.loadUnaligned(fromByteOffset: chunk * 32, as: SIMD16<UInt16>.self) .== low
        mask |= Self.bits(equal) << UInt32(chunk * 16)
      }
      return mask & (key >> 16 & 1 != 0 ? transient : ~transient)
    }
  }

  /// A mask's lanes as the bits of a word: a weighted sum, not a loop
  /// testing each lane (which branched 16 times, a tenth of the
  /// every-size search's time).
  @inlinable @inline(__always)
  static func bits(_ m: SIMDMask<SIMD16<Int16>>) -> UInt32 {
    let weights = SIMD16<UInt16>(
      0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000)
    return UInt32(SIMD16<UInt16>().replacing(with: weights, where: m).wrappedSum())
  }

  /// Subpage p's fields as one value (`Subpage.raw`): its key.
  @inline(always) public func key(_ p: Int) -> UInt32 {
    UInt32(lanes[p]) | (transient >> UInt32(p) & 1) << 16
  }

  @inline(always) public mutating func setKey(_ p: Int, _ key: UInt32) {
    lanes[p] = UInt16(truncatingIfNeeded: key)
    transient = transient & ~(1 << UInt32(p)) | (key >> 16 & 1) << UInt32(p)
  }

  public func hash(into h: inout Hasher) {
    h.combine(global)
    h.combine(requests)
    h.combine(transient)
    for p in 0..<Self.capacity { h.combine(lanes[p]) }
  }
  /// Folios whose layout it holds.
  public static let layoutCapacity = 8

  @inlinable public init() {}

  public subscript(subpage p: Int) -> Subpage {
    @inline(always) get { Subpage(raw: key(p)) }
    @inline(always) set { setKey(p, newValue.raw) }
  }

  @inline(always) public var closed: Bool {
    get { global & 1 != 0 }
    set { global = newValue ? global | 1 : global & ~1 }
  }

  @inline(always) public func request(_ v: Int) -> Request? {
    let r = requests[v]
    guard r & 1 != 0 else { return nil }
    return Request(
      first: Int((r >> 8) & 0xFF), last: Int((r >> 16) & 0xFF), to: Attr(bits: r >> 1))
  }

  @inline(always) public mutating func setRequest(_ v: Int, _ request: Request?) {
    guard let r = request else {
      requests[v] = 0
      return
    }
    requests[v] = 1 | r.to.bits << 1 | UInt32(r.first) << 8 | UInt32(r.last) << 16
  }

  @inline(always) public var anyRequestPending: Bool { requests[0] | requests[1] != 0 }

  @inline(always) public func layout(ofFolio f: Int) -> Layout {
    (global >> UInt64(1 + f)) & 1 == 0 ? .huge : .split
  }

  @inline(always) public mutating func setLayout(_ layout: Layout, ofFolio f: Int) {
    let bit: UInt64 = 1 << UInt64(1 + f)
    global = layout == .split ? global | bit : global & ~bit
  }
}
