import Foundation

/// Asking a person before something destructive (deleting, overwriting by a restore).
///
/// The question is asked only when standard input is a terminal, so a script never hangs on a prompt:
/// without a terminal and without `--yes` the command refuses (exit 1) and says to pass `--yes`.
enum Confirmation {
    /// Returns when confirmed; throws otherwise.
    ///
    /// - Parameters:
    ///   - question: the sentence to ask, e.g. `Are you sure you want to delete backup "X"?`.
    ///   - refusal: what would not be done, e.g. `Not deleting backup "X"`, used in the refusal sentences.
    ///   - assumeYes: `--yes` was given.
    /// - Throws: ``CommandFailure`` `confirmation_required` without a terminal, `not_confirmed` when the
    ///   answer is not yes.
    static func require(_ question: String, refusal: String, assumeYes: Bool, console: any Console) throws {
        if assumeYes { return }
        guard console.isInputTerminal else {
            throw CommandFailure(
                "\(refusal): this needs a confirmation and standard input is not a terminal. "
                    + "Pass --yes to confirm without a prompt.",
                code: "confirmation_required"
            )
        }
        console.writeError(question + " [y/N] ")
        let answer = console.readLine()
        if answer == nil { console.writeError("\n") }
        guard let answer, isYes(answer) else {
            throw CommandFailure("\(refusal): not confirmed.", code: "not_confirmed")
        }
    }

    /// `y` or `yes` in any case, surrounding spaces ignored.
    static func isYes(_ answer: String) -> Bool {
        let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
        return word == "y" || word == "yes"
    }
}
