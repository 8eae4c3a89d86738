/// Symmetry reduction for the graph engine: states are stored in
/// canonical form, and liveness is checked on that quotient graph
/// (Emerson and Sistla's annotated quotient, see docs/semantics.md).
///
/// The model promises what `FrontierSearch.canonical` asks (properties,
/// deadlock, proper ends and successors respect the symmetry) and, for
/// liveness, that every `Eventually` property respects it too: its
/// `waiting` and `abandons` do not tell apart renamed states.
public struct Reduction<State> {
  /// The representative of a state's orbit.
  public let canonical: (State) -> State
  /// For a state s, where its fairness classes go in `canonical(s)`:
  /// `map[k]` is the class that class k of s becomes (so class k is
  /// enabled in s iff `map[k]` is enabled in `canonical(s)`). Only asked
  /// for the edges of components that may hold a fair cycle; the caller
  /// passes `canonical(s)`, which it has (the stored target), as well.
  public let classMap: (_ state: State, _ canonical: State) -> [Int]
  /// Per fairness class, a name for its orbit under the whole symmetry
  /// group (equal numbers: one orbit): for instance every subpage's
  /// `unpin` is one orbit.
  public let classOrbits: [Int]

  public init(canonical: @escaping (State) -> State, classMap: @escaping (State, State) -> [Int], classOrbits: [Int]) {
    self.canonical = canonical
    self.classMap = classMap
    self.classOrbits = classOrbits
  }
}
