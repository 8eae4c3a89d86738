import Explorer
import GmemModel
import Invariants

func config(
  folios: Int = 1, subpages: Int = 3, backing: Backing = .huge, initShared: Bool = false,
  mutants: [Mutant] = [], edit: (inout ModelConfig) -> Void = { _ in }
) -> ModelConfig {
  var c = ModelConfig()
  edit(&c)
  c.folios = folios
  c.subpages = subpages
  c.backing = backing
  c.initShared = initShared
  c.mutants = mutants
  return c
}

func check(_ c: ModelConfig) -> SearchResult<GmemState, Step> {
  let model = GuestMemfd(c)
  let invariants = Invariant.applicable(to: c)
  return BreadthFirstSearch(system: model, properties: invariants.map { $0.property(for: model) })
    .run()
}

func verdicts(_ r: SearchResult<GmemState, Step>) -> [String: Verdict] {
  Dictionary(uniqueKeysWithValues: r.properties.map { ($0.name, $0.verdict) })
}
