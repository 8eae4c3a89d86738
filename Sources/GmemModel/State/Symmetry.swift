/// Symmetry reduction: every action and property treats the subpages of a
/// folio alike, the folios alike and the vCPUs alike, so a state and any
/// renaming of its subpages within their folios, of its folios and of its
/// vCPUs (the requests' ranges and the folios' layouts renamed with them)
/// behave the same. The checker may therefore store one representative
/// per orbit: `Canonicalizer`'s.
public enum Symmetry {
  /// A renaming that keeps folios together: folio `f` becomes folio
  /// `folio[f]`, subpage `p` (global index) becomes subpage `subpage[p]`,
  /// which lies in folio `folio[p / N]`, and vCPU v's request becomes
  /// vCPU `vcpu[v]`'s.
  public struct Permutation: Hashable, Sendable {
    /// Old folio index -> new folio index.
    public let folio: [Int]
    /// Old global subpage index -> new global subpage index.
    public let subpage: [Int]
    /// Old vCPU -> new vCPU.
    public let vcpu: [Int]

    public var folios: Int { folio.count }
    public var subpages: Int { subpage.count / max(folio.count, 1) }

    /// `folio[f]` is folio f's new index; `within[f][i]` the new offset,
    /// inside its new folio, of subpage `i` of old folio `f`.
    public init(folio: [Int], within: [[Int]], vcpu: [Int] = [0]) {
      precondition(within.count == folio.count && Set(folio) == Set(folio.indices))
      precondition(Set(vcpu) == Set(vcpu.indices))
      let n = within.first?.count ?? 0
      var subpage: [Int] = []
      for (f, offsets) in within.enumerated() {
        precondition(offsets.count == n && Set(offsets) == Set(0..<n))
        subpage += offsets.map { folio[f] * n + $0 }
      }
      self.folio = folio
      self.subpage = subpage
      self.vcpu = vcpu
    }

    public static func identity(folios: Int, subpages: Int, vcpus: Int = 1) -> Permutation {
      Permutation(
        folio: Array(0..<folios), within: Array(repeating: Array(0..<subpages), count: folios),
        vcpu: Array(0..<vcpus))
    }

    public var inverse: Permutation {
      func invert(_ a: [Int]) -> [Int] {
        var b = a
        for (i, j) in a.enumerated() { b[j] = i }
        return b
      }
      return Permutation(unchecked: invert(folio), invert(subpage), invert(vcpu))
    }

    /// Every permutation for F folios of N subpages and V vCPUs:
    /// F! * (N!)^F * V! of them.
    public static func all(folios: Int, subpages: Int, vcpus: Int = 1) -> [Permutation] {
      let folioPerms = permutations(of: folios)
      let offsetPerms = permutations(of: subpages)
      // Every choice of an offset permutation per folio.
      var choices: [[[Int]]] = [[]]
      for _ in 0..<folios {
        choices = choices.flatMap { c in offsetPerms.map { c + [$0] } }
      }
      return permutations(of: vcpus).flatMap { v in
        folioPerms.flatMap { f in choices.map { Permutation(folio: f, within: $0, vcpu: v) } }
      }
    }

    private init(unchecked folio: [Int], _ subpage: [Int], _ vcpu: [Int]) {
      self.folio = folio
      self.subpage = subpage
      self.vcpu = vcpu
    }

    private static func permutations(of n: Int) -> [[Int]] {
      guard n > 0 else { return [[]] }
      return permutations(of: n - 1).flatMap { p in
        (0...p.count).map { i in
          var q = p
          q.insert(n - 1, at: i)
          return q
        }
      }
    }
  }
}

extension GmemState {
  /// This state with subpages, folios and vCPUs renamed by `p`: each
  /// subpage's fields and each folio's layout move with it; a one-subpage
  /// request follows its subpage and a whole-folio request its folio, to
  /// its vCPU's new name. Closed and the requests' targets do not change.
  /// For the model's states, as `Canonicalizer` says.
  public func permuted(_ p: Symmetry.Permutation) -> GmemState {
    var n = GmemState()
    for (old, new) in p.subpage.enumerated() { n[subpage: new] = self[subpage: old] }
    for (old, new) in p.folio.enumerated() where new < GmemState.layoutCapacity {
      n.setLayout(layout(ofFolio: old), ofFolio: new)
    }
    n.closed = closed
    for (old, new) in p.vcpu.enumerated() {
      guard var r = request(old) else { continue }
      let size = p.subpages
      if size > 1 && r.first == r.last {
        r.first = p.subpage[r.first]
        r.last = r.first
      } else {
        r.first = p.folio[r.first / size] * size
        r.last = r.first + size - 1
      }
      n.setRequest(new, r)
    }
    return n
  }
}

/// The canonical representative of a state's orbit under the model's
/// symmetry (`Symmetry.Permutation`): exact, so two states have the same
/// canonical form iff a permutation maps one to the other.
///
/// The form: each subpage gets a key, its 17 bits of fields (lane and
/// transient bit) followed by two marks, one per vCPU, set on the subpage
/// a one-subpage request names (a mark sorts before no mark). Within each
/// folio the keys go in ascending order; then the folios in ascending
/// order of (layout, whole-folio request marks, sorted keys). The requests
/// are read back from where their marks went. Equal keys are identical
/// subpages, marks included, so the order leaves no choice that matters.
/// With two vCPUs the form is the smaller (by words) of the forms of the
/// state and of the state with its vCPUs swapped.
///
/// For the model's states: a pending request names one subpage or one
/// whole folio (`GuestMemfd.ranges`), and with more folios than the state
/// has layouts (base backing only) every layout is huge.
///
/// Hot path: called once per transition, so no allocation (a stack buffer)
/// and, in the common shapes, straight-line code: each gets its own copy
/// with F and N constant, where the loops unroll and the sorts are
/// branch-free sorting networks on registers (`@inline(always)`:
/// `@inline(__always)` left the sort a call with n variable, 3x slower).
public struct Canonicalizer: Sendable {
  public let folios: Int
  public let subpages: Int
  public let vcpus: Int
  /// Whether renaming the vCPUs is part of the symmetry. Not for liveness:
  /// its properties speak of vCPU 0 (which stands for every vCPU), so
  /// only renamings that keep vCPU 0 apply there.
  public var swapsVCPUs = true

  public init(folios: Int, subpages: Int, vcpus: Int = 1) {
    precondition(folios >= 1 && subpages >= 1 && folios * subpages <= GmemState.subpageCapacity)
    precondition(vcpus >= 1 && vcpus <= GmemState.vcpuCapacity)
    self.folios = folios
    self.subpages = subpages
    self.vcpus = vcpus
  }

  public init(_ config: ModelConfig) {
    self.init(folios: config.folios, subpages: config.subpages, vcpus: config.vcpus)
  }

  public init(_ model: GuestMemfd) { self.init(model.config) }

  public func canonical(_ s: GmemState) -> GmemState {
    let form = canonicalForVCPUs(s)
    // A second request can only be vCPU 1's; swapping them is a renaming.
    guard vcpus == 2, swapsVCPUs, s.w4 &>> 32 != 0 else { return form }
    let other = canonicalForVCPUs(s.withVCPUsSwapped)
    return other.isBefore(form) ? other : form
  }

  /// The form under renamings of subpages and folios only.
  private func canonicalForVCPUs(_ s: GmemState) -> GmemState {
    // Every shape with F <= 5 and N <= 8 gets a copy with F and N constant;
    // the rest (one folio of 9 or more, base backing with 6 or more folios)
    // share one with F and N variables, 2-10x slower.
    switch (folios, subpages) {
    case (1, 1): s  // nothing to permute
    case (1, 2): Self.shaped(s, C1.self, C2.self)
    case (1, 3): Self.shaped(s, C1.self, C3.self)
    case (1, 4): Self.shaped(s, C1.self, C4.self)
    case (1, 5): Self.shaped(s, C1.self, C5.self)
    case (1, 6): Self.shaped(s, C1.self, C6.self)
    case (1, 7): Self.shaped(s, C1.self, C7.self)
    case (1, 8): Self.shaped(s, C1.self, C8.self)
    case (2, 1): Self.shaped(s, C2.self, C1.self)
    case (2, 2): Self.shaped(s, C2.self, C2.self)
    case (2, 3): Self.shaped(s, C2.self, C3.self)
    case (2, 4): Self.shaped(s, C2.self, C4.self)
    case (2, 5): Self.shaped(s, C2.self, C5.self)
    case (2, 6): Self.shaped(s, C2.self, C6.self)
    case (2, 7): Self.shaped(s, C2.self, C7.self)
    case (3, 1): Self.shaped(s, C3.self, C1.self)
    case (3, 2): Self.shaped(s, C3.self, C2.self)
    case (3, 3): Self.shaped(s, C3.self, C3.self)
    case (3, 4): Self.shaped(s, C3.self, C4.self)
    case (3, 5): Self.shaped(s, C3.self, C5.self)
    case (4, 1): Self.shaped(s, C4.self, C1.self)
    case (4, 2): Self.shaped(s, C4.self, C2.self)
    case (4, 3): Self.shaped(s, C4.self, C3.self)
    case (5, 1): Self.shaped(s, C5.self, C1.self)
    case (5, 2): Self.shaped(s, C5.self, C2.self)
    case (5, 3): Self.shaped(s, C5.self, C3.self)
    default: Self.general(s, folios, subpages)
    }
  }

  @inline(never)
  private static func shaped<F: Count, N: Count>(_ s: GmemState, _: F.Type, _: N.Type) -> GmemState {
    canonical(s, F.value, N.value)
  }

  @inline(never)
  private static func general(_ s: GmemState, _ f: Int, _ n: Int) -> GmemState {
    canonical(s, f, n)
  }

  /// A subpage's key: its 17 bits of fields, then bit 1 clear if vCPU 0's
  /// one-subpage request names it, bit 0 clear if vCPU 1's does.
  private static let unmarked: UInt64 = 3

  @inline(always)
  private static func canonical(_ s: GmemState, _ f: Int, _ n: Int) -> GmemState {
    // On the stack: a key per subpage (15 slots), then a key per folio.
    withUnsafeTemporaryAllocation(byteCount: 16 * 8 + 15 * 24, alignment: 16) { buffer in
      let a = buffer.baseAddress!.bindMemory(to: UInt64.self, capacity: 16)
      let keys = (buffer.baseAddress! + 16 * 8).bindMemory(to: FolioKey.self, capacity: 15)
      let words = (s.w0, s.w1, s.w2, s.w3)
      let transient = s.w3 &>> 48
      for k in 0..<4 {
        a[k] = (words.0 >> (16 * UInt64(k))) & 0xFFFF
        a[4 + k] = (words.1 >> (16 * UInt64(k))) & 0xFFFF
        a[8 + k] = (words.2 >> (16 * UInt64(k))) & 0xFFFF
        a[12 + k] = (words.3 >> (16 * UInt64(k))) & 0xFFFF
      }
      for p in 0..<f * n { a[p] = (a[p] | ((transient >> UInt64(p)) & 1) << 16) << 2 | unmarked }
      // Each vCPU's request: a mark on its subpage (N > 1 and one
      // subpage), else on its folio.
      var folioMarks: UInt64 = 0
      var pending = 0
      for v in 0..<GmemState.vcpuCapacity {
        let r = UInt64(truncatingIfNeeded: s.w4 >> (16 + 16 * UInt64(v))) & 0xFFFF
        guard r & 1 != 0 else { continue }
        pending |= 1 << v
        let first = Int((r >> 2) & 0xF)
        let mark: UInt64 = 2 >> UInt64(v)
        if n > 1 && first == Int((r >> 6) & 0xF) {
          a[first] &= ~mark
        } else {
          folioMarks |= mark << (2 * UInt64(first / n))
        }
      }

      for g in 0..<f { sort(a + g * n, n) }

      var global = s.w4 & 1  // closed
      if f == 1 {
        global |= s.w4 & 2  // folio 0's layout
        for v in 0..<GmemState.vcpuCapacity where pending & (1 << v) != 0 {
          global |= requestBits(v, in: s.w4, a, f: 1, n: n, folioAt: { _ in 0 }, mark: 2 >> UInt64(v))
        }
        return store(a, f * n, global)
      }

      for g in 0..<f {
        let layout = g < GmemState.layoutCapacity ? (s.w4 >> (1 + UInt64(g))) & 1 : 0
        let header = layout << 2 | (~(folioMarks >> (2 * UInt64(g))) & 3)
        keys[g] = FolioKey(header: header, keys: a + g * n, n)
      }
      sort(keys, f)
      for g in 0..<f {
        keys[g].keys(a + g * n, n)
        if g < GmemState.layoutCapacity { global |= (keys[g].header >> 2) << (1 + UInt64(g)) }
      }
      for v in 0..<GmemState.vcpuCapacity where pending & (1 << v) != 0 {
        let mark: UInt64 = 2 >> UInt64(v)
        global |= requestBits(
          v, in: s.w4, a, f: f, n: n,
          folioAt: { old in
            // Where the folio that carries the request's mark went.
            var g = 0
            while g < f && keys[g].header & mark != 0 { g += 1 }
            return g < f ? g : old
          }, mark: mark)
      }
      return store(a, f * n, global)
    }
  }

  /// vCPU v's request, renamed: a one-subpage request to the subpage its
  /// mark went to, a whole-folio one to `folioAt` (given its old folio).
  @inline(always)
  private static func requestBits(
    _ v: Int, in w4: UInt64, _ a: UnsafeMutablePointer<UInt64>, f: Int, n: Int,
    folioAt: (Int) -> Int, mark: UInt64
  ) -> UInt64 {
    let shift = 16 + 16 * UInt64(v)
    let r = (w4 >> shift) & 0xFFFF
    let first = Int((r >> 2) & 0xF)
    let single = n > 1 && first == Int((r >> 6) & 0xF)
    var newFirst: Int
    var newLast: Int
    if single {
      var p = 0
      while p < f * n && a[p] & mark != 0 { p += 1 }
      newFirst = p
      newLast = p
    } else {
      newFirst = folioAt(first / n) * n
      newLast = newFirst + n - 1
    }
    let bits = (r & 3) | UInt64(newFirst) << 2 | UInt64(newLast) << 6
    return bits << shift
  }

  /// Lanes and transient bits back from the keys of `count` subpages,
  /// with `global` as the global word.
  @inline(always)
  private static func store(_ a: UnsafeMutablePointer<UInt64>, _ count: Int, _ global: UInt64)
    -> GmemState
  {
    var transient: UInt64 = 0
    for p in 0..<count {
      transient |= ((a[p] >> 18) & 1) << UInt64(p)
      a[p] = (a[p] >> 2) & 0xFFFF
    }
    for p in count..<16 { a[p] = 0 }
    a[15] = transient
    var s = GmemState()
    s.w0 = a[0] | a[1] << 16 | a[2] << 32 | a[3] << 48
    s.w1 = a[4] | a[5] << 16 | a[6] << 32 | a[7] << 48
    s.w2 = a[8] | a[9] << 16 | a[10] << 32 | a[11] << 48
    s.w3 = a[12] | a[13] << 16 | a[14] << 32 | a[15] << 48
    s.w4 = global
    return s
  }

  /// Everything a folio carries, ordered: a 3-bit header (layout, then its
  /// whole-folio request marks) and its sorted 19-bit subpage keys,
  /// lexicographically, three 19-bit fields a word (F >= 2 means N <= 7).
  private struct FolioKey: Comparable {
    var words: (UInt64, UInt64, UInt64) = (0, 0, 0)

    @inline(always)
    init(header: UInt64, keys a: UnsafeMutablePointer<UInt64>, _ n: Int) {
      set(0, header)
      for k in 0..<n { set(k + 1, a[k]) }
    }

    @inline(always)
    private mutating func set(_ i: Int, _ value: UInt64) {
      let shift = UInt64(2 - i % 3) * 19
      switch i / 3 {
      case 0: words.0 |= value << shift
      case 1: words.1 |= value << shift
      default: words.2 |= value << shift
      }
    }

    @inline(always)
    private func field(_ i: Int) -> UInt64 {
      let shift = UInt64(2 - i % 3) * 19
      let w = i / 3 == 0 ? words.0 : i / 3 == 1 ? words.1 : words.2
      return (w >> shift) & 0x7FFFF
    }

    var header: UInt64 { field(0) }

    @inline(always)
    func keys(_ a: UnsafeMutablePointer<UInt64>, _ n: Int) {
      for k in 0..<n { a[k] = field(k + 1) }
    }

    @inline(always)
    static func < (x: FolioKey, y: FolioKey) -> Bool {
      if x.words.0 != y.words.0 { return x.words.0 < y.words.0 }
      if x.words.1 != y.words.1 { return x.words.1 < y.words.1 }
      return x.words.2 < y.words.2
    }

    static func == (x: FolioKey, y: FolioKey) -> Bool { x.words == y.words }
  }

  /// Sorts a[0..<n] ascending: for n <= 8 an optimal sorting network
  /// (Batcher's merge-exchange, checked by the 0-1 principle), whose
  /// compare-exchanges are branch-free and, n being constant in the shaped
  /// copies, straight-line code on registers; else an insertion sort.
  @inline(always)
  static func sort<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ n: Int) {
    switch n {
    case 0, 1: break
    case 2: c(a, 0, 1)
    case 3: c(a, 0, 2); c(a, 0, 1); c(a, 1, 2)
    case 4: c(a, 0, 2); c(a, 1, 3); c(a, 0, 1); c(a, 2, 3); c(a, 1, 2)
    case 5:
      c(a, 0, 4); c(a, 0, 2); c(a, 1, 3); c(a, 2, 4); c(a, 0, 1); c(a, 2, 3); c(a, 1, 4); c(a, 1, 2)
      c(a, 3, 4)
    case 6:
      c(a, 0, 4); c(a, 1, 5); c(a, 0, 2); c(a, 1, 3); c(a, 2, 4); c(a, 3, 5); c(a, 0, 1); c(a, 2, 3)
      c(a, 4, 5); c(a, 1, 4); c(a, 1, 2); c(a, 3, 4)
    case 7:
      c(a, 0, 4); c(a, 1, 5); c(a, 2, 6); c(a, 0, 2); c(a, 1, 3); c(a, 4, 6); c(a, 2, 4); c(a, 3, 5)
      c(a, 0, 1); c(a, 2, 3); c(a, 4, 5); c(a, 1, 4); c(a, 3, 6); c(a, 1, 2); c(a, 3, 4); c(a, 5, 6)
    case 8:
      c(a, 0, 4); c(a, 1, 5); c(a, 2, 6); c(a, 3, 7); c(a, 0, 2); c(a, 1, 3); c(a, 4, 6); c(a, 5, 7)
      c(a, 2, 4); c(a, 3, 5); c(a, 0, 1); c(a, 2, 3); c(a, 4, 5); c(a, 6, 7); c(a, 1, 4); c(a, 3, 6)
      c(a, 1, 2); c(a, 3, 4); c(a, 5, 6)
    default:
      for i in 1..<n {
        let x = a[i]
        var j = i
        while j > 0 && x < a[j - 1] {
          a[j] = a[j - 1]
          j -= 1
        }
        a[j] = x
      }
    }
  }

  /// Compare-exchange: a[i] <= a[j] afterwards.
  @inline(always)
  private static func c<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ i: Int, _ j: Int) {
    let (x, y) = (a[i], a[j])
    let swap = y < x
    a[i] = swap ? y : x
    a[j] = swap ? x : y
  }
}

/// A number as a type, so that `shaped` is specialized for it.
private protocol Count { static var value: Int { get } }
private enum C1: Count { static var value: Int { 1 } }
private enum C2: Count { static var value: Int { 2 } }
private enum C3: Count { static var value: Int { 3 } }
private enum C4: Count { static var value: Int { 4 } }
private enum C5: Count { static var value: Int { 5 } }
private enum C6: Count { static var value: Int { 6 } }
private enum C7: Count { static var value: Int { 7 } }
private enum C8: Count { static var value: Int { 8 } }

extension GmemState {
  /// The two vCPUs' requests exchanged.
  var withVCPUsSwapped: GmemState {
    var n = self
    n.setRequest(0, request(1))
    n.setRequest(1, request(0))
    return n
  }

  /// An order on states by their words, for picking one of two forms.
  func isBefore(_ o: GmemState) -> Bool {
    (w4, w3, w2, w1, w0) < (o.w4, o.w3, o.w2, o.w1, o.w0)
  }
}

extension GuestMemfd {
  /// The canonical representative of `s`'s orbit (`Canonicalizer`).
  public func canonical(_ s: GmemState) -> GmemState { Canonicalizer(config).canonical(s) }
}
