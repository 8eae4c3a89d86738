import Explorer

/// A state of the every-size abstraction (MODEL.md 1: N = 512 and
/// 262,144 at once): subpages within a folio are interchangeable, so it
/// keeps, per folio, only which local states (a subpage's 17 bits of
/// fields, its "key") at least one unmarked subpage is in: a count capped
/// at 1, "none" or "one or more". A subpage a one-subpage request names is
/// marked and kept exactly. Closed, layouts and requests are exact.
///
/// It stands for every concrete state of every N >= 2 in which each listed
/// key is held by one or more unmarked subpages of its folio and no other
/// key by any.
public struct AbstractState: Hashable, Sendable, Fingerprinted {
  /// Bit 0 closed, bit 1 + f folio f's layout (1 = split); from bit 16,
  /// 16 bits per vCPU (`RequestMark`).
  public var global: UInt64 = 0
  /// The key of each vCPU's marked subpage (vCPU v in bits 32v...): valid
  /// when its request is one subpage and not `sameAsVCPU0`.
  public var marks: UInt64 = 0
  /// The occupied (folio, key) pairs, as bits numbered by the
  /// abstraction's `KeyTable`: inline, so that a state needs no heap.
  public var occupied = SIMD4<UInt64>()
  /// The hashes of the occupied pairs' values, summed: with `global` and
  /// `marks`, the fingerprint (the same whatever numbers the pairs got).
  var keySum: UInt64 = 0

  public init() {}

  /// vCPU v's request, as the abstraction keeps it.
  public struct RequestMark: Hashable, Sendable {
    public var to: Attr
    /// The whole folio (else one marked subpage of it).
    public var wholeFolio: Bool
    public var folio: Int
    /// vCPU 1's one-subpage request names vCPU 0's marked subpage.
    public var sameAsVCPU0: Bool

    var bits: UInt64 {
      1 | UInt64(to.bits) << 1 | (wholeFolio ? 4 : 0) | UInt64(folio) << 3 | (sameAsVCPU0 ? 0x100 : 0)
    }

    init(to: Attr, wholeFolio: Bool, folio: Int, sameAsVCPU0: Bool) {
      self.to = to
      self.wholeFolio = wholeFolio
      self.folio = folio
      self.sameAsVCPU0 = sameAsVCPU0
    }

    init?(bits: UInt64) {
      guard bits & 1 != 0 else { return nil }
      self.init(
        to: Attr(bits: UInt32(bits >> 1)), wholeFolio: bits & 4 != 0, folio: Int((bits >> 3) & 0x1F),
        sameAsVCPU0: bits & 0x100 != 0)
    }
  }

  public var closed: Bool { global & 1 != 0 }

  /// Marks the pair numbered `i` occupied (a no-op if it is).
  @inline(__always)
  mutating func insert(_ i: Int, _ table: KeyTable) {
    let bit = Self.bit(i)
    guard occupied & bit == .zero else { return }
    occupied |= bit
    keySum &+= table.hashes[i]
  }

  /// Marks the pair numbered `i` empty (a no-op if it is).
  @inline(__always)
  mutating func remove(_ i: Int, _ table: KeyTable) {
    let bit = Self.bit(i)
    guard occupied & bit != .zero else { return }
    occupied &= ~bit
    keySum &-= table.hashes[i]
  }

  /// Pair `i`'s bit as a whole set: vector operations on the set keep it
  /// in registers, where writing one word at a run-time index stored it
  /// to the stack and read it back (a stall at each insert and remove, a
  /// few percent of the every-size search's time).
  @inline(__always)
  static func bit(_ i: Int) -> SIMD4<UInt64> {
    SIMD4<UInt64>().replacing(
      with: 1 << UInt64(i & 63), where: SIMD4<UInt64>(0, 1, 2, 3) .== SIMD4(repeating: UInt64(i >> 6)))
  }

  public func layout(ofFolio f: Int) -> Layout { (global >> UInt64(1 + f)) & 1 == 0 ? .huge : .split }

  public func request(_ v: Int) -> RequestMark? {
    RequestMark(bits: (global >> UInt64(16 + 16 * v)) & 0xFFFF)
  }

  /// The key of vCPU v's marked subpage, if its request names one.
  public func markKey(_ v: Int) -> UInt32? {
    guard let r = request(v), !r.wholeFolio else { return nil }
    if r.sameAsVCPU0 { return markKey(0) }
    return UInt32(truncatingIfNeeded: marks >> UInt64(32 * v))
  }

  /// Mixes every field, so that the engine's table sees all of them.
  public var fingerprint: UInt64 {
    var h = KeyTable.mix(keySum ^ global)
    h = KeyTable.mix(h ^ marks)
    return h == 0 ? 1 : h
  }
}
