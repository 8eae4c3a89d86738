import Explorer

extension GuestMemfd {
  /// What one weakly fair class is an instance of: the action kind and
  /// which vCPU, folio, range or subpage it acts for.
  enum FairInstance: Hashable {
    case fixed(ActionKind)
    case vcpu(ActionKind, Int)
    case folio(ActionKind, Int)
    /// A guest request: its vCPU, range (an index into `ranges`) and target.
    case request(Int, Int, Attr)
    case range(ActionKind, Int)
    case subpage(ActionKind, Int)

    var kind: ActionKind {
      switch self {
      case .fixed(let k), .vcpu(let k, _), .folio(let k, _), .range(let k, _), .subpage(let k, _): k
      case .request: .guestRequest
      }
    }
  }

  /// Each kind's first class: a kind's instances are consecutive.
  /// Indexed by the kind's raw value, not a dictionary: `classOf` asks
  /// this once per transition.
  static func firstClasses(_ instances: [FairInstance]) -> [Int?] {
    var first = [Int?](repeating: nil, count: ActionKind.allCases.count)
    for (c, i) in instances.enumerated().reversed() { first[Int(i.kind.rawValue)] = c }
    return first
  }

  /// The classes of `config.fairness`, in class order: one per instance
  /// (each subpage's unpin, each folio's merge, each vCPU's convert).
  var fairInstances: [FairInstance] {
    var instances: [FairInstance] = []
    // Only actions the configuration has (no merge with base backing, no
    // migrate without migration) get classes.
    let present = Set(fixedActions.map(\.kind))
    for kind in config.fairness where present.contains(kind) {
      switch kind {
      case .close: instances.append(.fixed(kind))
      case .convert, .abandon: instances += (0..<config.vcpus).map { .vcpu(kind, $0) }
      case .merge: instances += (0..<config.folios).map { .folio(kind, $0) }
      case .guestRequest:
        for v in 0..<config.vcpus {
          for r in ranges.indices { instances += Attr.allCases.map { .request(v, r, $0) } }
        }
      case .punchHole: instances += ranges.indices.map { .range(kind, $0) }
      default: instances += (0..<config.totalSubpages).map { .subpage(kind, $0) }
      }
    }
    return instances
  }

  /// The weakly fair classes of `config.fairness`: one per instance (each
  /// subpage's unpin, each folio's merge, each vCPU's convert, which is
  /// the VMM's retry of its whole request: going page by page is the
  /// VMM's choice, never owed), so that one page's pin cannot be starved
  /// by another's.
  public var fairnessClasses: (names: [String], classOf: @Sendable (Step) -> Int?) {
    let instances = fairInstances
    let ranges = self.ranges
    let names = instances.map { i -> String in
      switch i {
      case .fixed(let k): k.name
      case .vcpu(let k, let v): k.name + vcpuSuffix(v)
      case .folio(let k, let f): "\(k.name) f\(f)"
      case .request(let v, let r, let to):
        "\(ActionKind.guestRequest.name) \(rangeName(ranges[r])) -> \(to.name)\(vcpuSuffix(v))"
      case .range(let k, let r): "\(k.name) \(rangeName(ranges[r]))"
      case .subpage(let k, let p): "\(k.name) p\(p)"
      }
    }
    let first = Self.firstClasses(instances)
    let n = config.subpages
    let base = first
    let classOf: @Sendable (Step) -> Int? = { step in
      let a = step.action
      guard let b = base[Int(a.kind.rawValue)] else { return nil }
      switch a.kind {
      case .close: return b
      case .convert: return a.byPage ? nil : b + Int(a.vcpu)
      case .abandon: return b + Int(a.vcpu)
      case .merge: return b + a.subpage / n
      case .guestRequest:
        return ranges.firstIndex(of: a.range).map { b + 2 * (Int(a.vcpu) * ranges.count + $0) + Int(a.to.rawValue) }
      case .punchHole: return ranges.firstIndex(of: a.range).map { b + $0 }
      default: return b + a.subpage
      }
    }
    return (names, classOf)
  }

  /// Where renamings take the fair classes: `map(subpage, folio, vcpu)[k]`
  /// is the class that class k of a state is in the state renamed by
  /// those maps (old index -> new, as `Canonicalizer.renamingMaps` gives
  /// them). A class is enabled in s iff its image is enabled in the
  /// renamed state: the liveness check on the reduced graph carries
  /// classes along its edges this way, once per edge, so this is index
  /// arithmetic on the class layout of `fairInstances`.
  public var fairnessClassMap: @Sendable (_ subpage: [Int], _ folio: [Int], _ vcpu: [Int]) -> [Int] {
    let instances = fairInstances
    let first = Self.firstClasses(instances)
    let n = config.subpages
    let rangeCount = ranges.count
    // Per class: what it is an instance of, with its kind's first class.
    let recipes = instances.map { ($0, first[Int($0.kind.rawValue)]!) }
    // Ranges are each folio's subpages, then (N > 1) the whole folio.
    let perFolio = n > 1 ? n + 1 : 1
    return { subpage, folio, vcpu in
      func renamed(_ r: Int) -> Int {
        let (f, offset) = (r / perFolio, r % perFolio)
        if offset == n { return folio[f] * perFolio + n }
        let q = subpage[f * n + offset]
        return (q / n) * perFolio + q % n
      }
      return recipes.map { i, base -> Int in
        switch i {
        case .fixed: base
        case .vcpu(_, let v): base + vcpu[v]
        case .folio(_, let f): base + folio[f]
        case .request(let v, let r, let to): base + 2 * (vcpu[v] * rangeCount + renamed(r)) + Int(to.rawValue)
        case .range(_, let r): base + renamed(r)
        case .subpage(_, let q): base + subpage[q]
        }
      }
    }
  }

  /// `fairnessClassMap` for a renaming.
  public func fairnessClassMap(_ p: Symmetry.Permutation) -> [Int] {
    fairnessClassMap(p.subpage, p.folio, p.vcpu)
  }

  /// The symmetry the graph engine reduces by: the canonical form, with
  /// the renaming of each state's fair classes and their orbits. The
  /// vCPUs are not renamed: the liveness properties speak of vCPU 0.
  public var livenessReduction: Reduction<GmemState> {
    var canonicalizer = Canonicalizer(config)
    canonicalizer.swapsVCPUs = false
    let canon = canonicalizer
    let map = fairnessClassMap
    // The group is generated by swapping neighbouring subpages of a
    // folio and neighbouring folios: union-find over their images.
    let (f, n) = (config.folios, config.subpages)
    var generators: [Symmetry.Permutation] = []
    let identity = Array(0..<n)
    for i in 0..<max(0, n - 1) {
      var within = identity
      within.swapAt(i, i + 1)
      generators += (0..<f).map { g in
        Symmetry.Permutation(
          folio: Array(0..<f), within: (0..<f).map { $0 == g ? within : identity }, vcpu: Array(0..<config.vcpus))
      }
    }
    for g in 0..<max(0, f - 1) {
      var folio = Array(0..<f)
      folio.swapAt(g, g + 1)
      generators.append(
        Symmetry.Permutation(folio: folio, within: Array(repeating: identity, count: f), vcpu: Array(0..<config.vcpus)))
    }
    var orbit = Array(0..<fairInstances.count)
    func find(_ k: Int) -> Int { orbit[k] == k ? k : find(orbit[k]) }
    for p in generators {
      for (k, image) in map(p.subpage, p.folio, p.vcpu).enumerated() {
        let (a, b) = (find(k), find(image))
        if a != b { orbit[max(a, b)] = min(a, b) }
      }
    }
    return Reduction(
      canonical: canon.canonical,
      classMap: { s, form in
        let (subpage, folio, vcpu) = canon.renamingMaps(toCanonical: s, form: form)
        return map(subpage, folio, vcpu)
      },
      classOrbits: orbit.indices.map(find))
  }
}
