package io.smart402.core.phase.scc;

import io.smart402.core.contract.Condition;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.ContractVocabulary;
import io.smart402.core.contract.Milestone;
import io.smart402.core.contract.Party;
import io.smart402.core.phase.LlmoSummary;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the Solidity source of spec §2.3: byte-stable text (LF, 4-space indent) that compiles under solc
 * 0.8.20 or newer for every valid contract, because every piece of user text passes through
 * {@link SolidityNames} (identifiers) or {@link CommentText} (comments) and numbers are emitted as literals
 * computed here.
 */
final class SolidityWriter {

    /** Width of wrapped comment text, so a doc comment line stays under about 100 columns. */
    static final int COMMENT_WIDTH = 96;

    /** A function the source declares, with its canonical ABI signature. */
    record DeclaredFunction(String name, String signature) {
    }

    /** The generated text and the functions it declares (for the selector table). */
    record Output(String source, List<DeclaredFunction> functions) {
        Output {
            functions = List.copyOf(functions);
        }
    }

    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder(4096);

    private SolidityWriter() {
    }

    /**
     * @param paymentAmount    {@code payment.amount} in atomic units
     * @param milestoneAmounts each milestone's amount in atomic units, in contract order
     */
    static Output write(Contract contract, LlmoSummary summary, BigInteger paymentAmount,
                        List<BigInteger> milestoneAmounts) {
        return new SolidityWriter().render(contract, summary, paymentAmount, milestoneAmounts);
    }

    /** Each run of ASCII letters and digits of the canonical type, first letter capitalized, + "Contract". */
    static String contractName(Contract contract) {
        return contractName(contract.canonicalType());
    }

    static String contractName(String type) {
        StringBuilder name = new StringBuilder(type.length() + 8);
        boolean partStart = true;
        // A loop rather than Pattern.split on [^A-Za-z0-9]+: the same parts, without a matcher and part strings.
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (SolidityNames.isAsciiAlphanumeric(c)) {
                name.append(partStart ? Character.toUpperCase(c) : c);
                partStart = false;
            } else {
                partStart = true;
            }
        }
        return name.append("Contract").toString();
    }

    private Output render(Contract contract, LlmoSummary summary, BigInteger paymentAmount,
                          List<BigInteger> milestoneAmounts) {
        String contractName = contractName(contract);
        SolidityNames names = new SolidityNames(Set.of(contractName,
                "paymentToken", "paymentToken_", "oracle", "oracle_", "paymentAmount", "conditionMet",
                "ContractExecuted", "ConditionReported", "reportCondition", "verifyConditions", "execute",
                "conditionId", "met", "MILESTONE_COUNT", "milestoneReleased", "MilestoneReleased",
                "milestoneAmount", "releaseMilestone", "index", "amount", "executor"));
        List<String> partyNames = new ArrayList<>();
        for (Party party : contract.parties()) {
            partyNames.add(names.allocate(party.role(), "party"));
        }
        List<String> conditionNames = new ArrayList<>();
        for (int i = 0; i < contract.conditions().size(); i++) {
            conditionNames.add(names.allocateConstant("COND_", contract.conditions().get(i).id(),
                    String.valueOf(i + 1)));
        }
        boolean milestones = !contract.milestones().isEmpty();

        line(0, "// SPDX-License-Identifier: MIT");
        line(0, "pragma solidity ^0.8.20;");
        blank();
        docComment(contract, summary, contractName);
        line(0, "contract " + contractName + " {");
        for (int i = 0; i < partyNames.size(); i++) {
            String wallet = contract.parties().get(i).wallet();
            // A party without a (well-formed) wallet keeps the zero address until the parties redeploy.
            line(1, "address public " + partyNames.get(i)
                    + (ContractVocabulary.isAddress(wallet) ? " = " + Eip55.checksum(wallet) : "") + ";");
        }
        line(1, "address public paymentToken;");
        line(1, "address public oracle;");
        line(1, "uint256 public paymentAmount = " + paymentAmount + ";");
        blank();
        for (int i = 0; i < conditionNames.size(); i++) {
            String id = contract.conditions().get(i).id();
            line(1, "// keccak256(\"" + CommentText.sanitize(id) + "\")");
            // The hash is computed here so the raw id never has to be escaped into a string literal.
            line(1, "bytes32 public constant " + conditionNames.get(i) + " = 0x" + Keccak256.hex(id == null ? "" : id)
                    + ";");
        }
        line(1, "mapping(bytes32 => bool) public conditionMet;");
        if (milestones) {
            line(1, "uint256 public constant MILESTONE_COUNT = " + milestoneAmounts.size() + ";");
            line(1, "mapping(uint256 => bool) public milestoneReleased;");
        }
        blank();
        line(1, "event ContractExecuted(uint256 amount, address executor);");
        line(1, "event ConditionReported(bytes32 indexed conditionId, bool met);");
        if (milestones) {
            line(1, "event MilestoneReleased(uint256 index, uint256 amount);");
        }
        blank();
        line(1, "constructor(address paymentToken_, address oracle_) {");
        line(2, "paymentToken = paymentToken_;");
        line(2, "oracle = oracle_;");
        line(1, "}");
        blank();
        List<DeclaredFunction> functions = new ArrayList<>();
        line(1, "function reportCondition(bytes32 conditionId, bool met) external {");
        line(2, "require(msg.sender == oracle, \"only oracle\");");
        line(2, "conditionMet[conditionId] = met;");
        line(2, "emit ConditionReported(conditionId, met);");
        line(1, "}");
        functions.add(new DeclaredFunction("reportCondition", "reportCondition(bytes32,bool)"));
        blank();
        line(1, "function verifyConditions() public view returns (bool) {");
        for (int i = 0; i < conditionNames.size(); i++) {
            Condition condition = contract.conditions().get(i);
            // Optional conditions are reported but never gate payment (LLMO's all_of lists required ones only).
            if (condition.required()) {
                line(2, "if (!conditionMet[" + conditionNames.get(i) + "]) {");
                line(3, "return false;");
                line(2, "}");
            }
        }
        line(2, "return true;");
        line(1, "}");
        functions.add(new DeclaredFunction("verifyConditions", "verifyConditions()"));
        blank();
        line(1, "function execute() external returns (bool) {");
        line(2, "require(verifyConditions(), \"conditions not met\");");
        line(2, "emit ContractExecuted(paymentAmount, msg.sender);");
        line(2, "return true;");
        line(1, "}");
        functions.add(new DeclaredFunction("execute", "execute()"));
        if (milestones) {
            blank();
            milestoneFunctions(contract.milestones(), milestoneAmounts);
            functions.add(new DeclaredFunction("milestoneAmount", "milestoneAmount(uint256)"));
            functions.add(new DeclaredFunction("releaseMilestone", "releaseMilestone(uint256)"));
        }
        line(0, "}");
        return new Output(out.toString(), functions);
    }

    private void docComment(Contract contract, LlmoSummary summary, String contractName) {
        String title = CommentText.sanitize(summary.title());
        line(0, "/**");
        tag("@title", title.isEmpty() ? contractName : title);
        String notice = CommentText.sanitize(summary.plainEnglish());
        if (!notice.isEmpty()) {
            tag("@notice", notice);
        }
        tag("@dev", "Generated by Smart402 from contract " + CommentText.sanitize(contract.id())
                + " (type " + contract.canonicalType() + "). Parties without a wallet keep address(0).");
        line(0, " */");
    }

    private void tag(String tag, String text) {
        // NatSpec continues a tag on the following comment lines until the next tag.
        List<String> lines = CommentText.wrap(tag + " " + text, COMMENT_WIDTH);
        for (String l : lines) {
            line(0, " * " + l);
        }
    }

    private void milestoneFunctions(List<Milestone> milestones, List<BigInteger> amounts) {
        line(1, "function milestoneAmount(uint256 index) public pure returns (uint256) {");
        for (int i = 0; i < amounts.size(); i++) {
            Milestone milestone = milestones.get(i);
            line(2, "// " + CommentText.sanitize(milestone.id() + ": " + milestone.title()));
            line(2, "if (index == " + i + ") {");
            line(3, "return " + amounts.get(i) + ";");
            line(2, "}");
        }
        line(2, "revert(\"no such milestone\");");
        line(1, "}");
        blank();
        line(1, "function releaseMilestone(uint256 index) external returns (bool) {");
        line(2, "require(index < MILESTONE_COUNT, \"no such milestone\");");
        line(2, "require(!milestoneReleased[index], \"milestone already released\");");
        line(2, "require(verifyConditions(), \"conditions not met\");");
        line(2, "milestoneReleased[index] = true;");
        line(2, "emit MilestoneReleased(index, milestoneAmount(index));");
        line(2, "return true;");
        line(1, "}");
    }

    private void line(int depth, String text) {
        out.append(INDENT.repeat(depth)).append(text).append('\n');
    }

    private void blank() {
        out.append('\n');
    }
}
