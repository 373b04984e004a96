package io.smart402.core.phase.llmo;

import static org.assertj.core.api.Assertions.assertThat;

import io.smart402.core.contract.CanonicalJson;
import io.smart402.core.contract.Contract;
import io.smart402.core.contract.Party;
import io.smart402.core.phase.aeo.PyText;
import io.smart402.core.testing.ContractSamples;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractEncoderTest {

    @Test
    void equalsTheDirectFullMatrixFormulaBitForBit() {
        List<Contract> contracts = ContractSamples.contracts(402, 400);
        for (int k = 0; k < contracts.size(); k++) {
            Contract contract = contracts.get(k);
            ContractEncoder.Result fast = ContractEncoder.encode(contract);
            double[] direct = direct(contract);

            assertThat(fast.tokens()).as("sample %d", k).isEqualTo((int) direct[0]);
            assertThat(fast.frobeniusNorm()).as("sample %d", k).isEqualTo(direct[1]);
            assertThat(fast.meanValue()).as("sample %d", k).isEqualTo(direct[2]);
        }
    }

    /** Every cell of the tokens × 128 matrix, summed row by row: the formula as spec §2.2 states it. */
    private static double[] direct(Contract contract) {
        String partyText = String.join(" ", contract.parties().stream().map(Party::identifier).toList());
        BigDecimal amount = contract.payment() == null ? null : contract.payment().amount();
        String amountText = amount == null ? null : LlmoFormat.plainAmount(amount);
        List<String> all = PyText.split(ContractEncoder.text(contract, amountText));
        List<String> tokens = all.subList(0, Math.min(512, all.size()));
        double sum = 0;
        double sumOfSquares = 0;
        for (int pos = 0; pos < tokens.size(); pos++) {
            String token = tokens.get(pos);
            byte[] digest = CanonicalJson.sha256(token.getBytes(StandardCharsets.UTF_8));
            double[] base = new double[32];
            double squares = 0;
            for (int i = 0; i < 32; i++) {
                base[i] = Byte.toUnsignedInt(digest[i]) / 255.0;
                squares += base[i] * base[i];
            }
            double norm = Math.sqrt(squares) + 1e-10;
            for (int i = 0; i < 32; i++) {
                base[i] /= norm;
            }
            double[] features = {
                    partyText.contains(token) ? 1 : 0,
                    amountText != null && amountText.contains(token) ? 1 : 0,
                    PyText.length(token) / 20.0,
                    PyText.isUpper(token) ? 1 : 0,
                    token.codePoints().anyMatch(Character::isDigit) ? 1 : 0};
            for (int d = 0; d < 128; d++) {
                double b = d < 32 ? base[d] : 0;
                double f = d < features.length ? features[d] : 0;
                int i = d / 2;
                double frequency = StrictMath.exp(2 * i * -(StrictMath.log(10000.0) / 128));
                double pe = d % 2 == 0 ? StrictMath.sin(pos * frequency) : StrictMath.cos(pos * frequency);
                double value = 0.8 * b + 0.2 * f + pe;
                sum += value;
                sumOfSquares += value * value;
            }
        }
        int n = tokens.size();
        return new double[] {n, Math.sqrt(sumOfSquares), n == 0 ? 0 : sum / ((double) n * 128)};
    }
}
