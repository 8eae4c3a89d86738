import Explorer
import TestSupport
import Testing

@testable import GmemModel

/// What the liveness check on the reduced graph asks of the model: a
/// renaming onto each state's canonical form, and where it takes the fair
/// classes.
struct RenamingTests {
  static let models: [(String, GuestMemfd)] = [
    ("F1 N3", model(folios: 1, subpages: 3)),
    ("F2 N2", model(folios: 2, subpages: 2)),
    ("F3 N1", model(folios: 3, subpages: 1)),
    ("F2 N2 base", model(folios: 2, subpages: 2, backing: .base)),
    ("F1 N4 transientRefs vcpus 2", model(folios: 1, subpages: 4, transientRefs: true, vcpus: 2)),
    ("F2 N3 perFolio einval vcpus 2", model(folios: 2, subpages: 3, refcount: .perFolio, partialPunch: .einval, vcpus: 2)),
  ]

  /// Random walks: reachable states of every kind, requests included.
  func walk(_ m: GuestMemfd, _ rng: inout SplitMix64, steps: Int) -> [GmemState] {
    var s = m.initialState
    var out: [GmemState] = []
    for _ in 0..<steps {
      var next: [GmemState] = []
      m.forEachSuccessor(of: s) { _, t in next.append(t) }
      s = next.isEmpty ? m.initialState : next[rng.below(next.count)]
      out.append(s)
    }
    return out
  }

  func enabledClasses(_ m: GuestMemfd, _ s: GmemState) -> Set<Int> {
    let classOf = m.fairnessClasses.classOf
    var out: Set<Int> = []
    m.forEachSuccessor(of: s) { step, _ in if let k = classOf(step) { out.insert(k) } }
    return out
  }

  @Test(arguments: models)
  func theRenamingReachesTheCanonicalFormAndCarriesTheClasses(name: String, m: GuestMemfd) {
    var rng = SplitMix64(state: 7)
    let reduction = m.livenessReduction
    var canonicalizer = Canonicalizer(m)
    canonicalizer.swapsVCPUs = false
    var renamed = 0
    for s in walk(m, &rng, steps: 3_000) {
      let p = canonicalizer.renaming(toCanonical: s)
      let c = reduction.canonical(s)
      #expect(s.permuted(p) == c, "\(name)")
      #expect(p.vcpu == Array(0..<m.config.vcpus), "\(name): vCPUs are not renamed for liveness")
      let map = reduction.classMap(s, c)
      #expect(Set(map).count == map.count, "\(name): a class map is a permutation")
      #expect(Set(enabledClasses(m, s).map { map[$0] }) == enabledClasses(m, c), "\(name)")
      if c != s { renamed += 1 }
    }
    #expect(renamed > 300, "\(name): the walk must meet states that are not canonical")
  }

  /// Orbits of the whole group: every subpage's instance of a kind is one
  /// orbit, and each folio's merge; vCPUs keep their own.
  @Test func classOrbits() {
    let m = model(folios: 2, subpages: 2, vcpus: 2)
    let names = m.fairnessClasses.names
    let orbits = m.livenessReduction.classOrbits
    func orbit(_ name: String) -> Int { orbits[names.firstIndex(of: name)!] }
    #expect(orbit("unpin p0") == orbit("unpin p3"))
    #expect(orbit("merge f0") == orbit("merge f1"))
    #expect(orbit("merge f0") != orbit("unpin p0"))
    #expect(orbit("convert (vCPU0)") != orbit("convert (vCPU1)"))
  }
}
