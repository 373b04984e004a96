package io.smart402.core.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, normalized and valid Smart402 contract (spec §1): typed fields for the phases plus the
 * normalized JSON document, which keeps unknown members untouched. Build one with {@link ContractReader}.
 */
public final class Contract {

    private final String id;
    private final String type;
    private final ContractType contractType;
    private final String version;
    private final List<Party> parties;
    private final Payment payment;
    private final List<Condition> conditions;
    private final List<Oracle> oracles;
    private final List<Milestone> milestones;
    private final Dispute dispute;
    private final String description;
    private final String terms;
    private final List<String> obligations;
    private final Metadata metadata;
    private final String targetQuery;
    private final String digest;
    private final List<Issue> warnings;
    private final ObjectNode document;

    Contract(Builder b) {
        this.id = b.id;
        this.type = b.type;
        this.contractType = ContractType.resolve(b.type);
        this.version = b.version;
        this.parties = List.copyOf(b.parties);
        this.payment = b.payment;
        this.conditions = List.copyOf(b.conditions);
        this.oracles = List.copyOf(b.oracles);
        this.milestones = List.copyOf(b.milestones);
        this.dispute = b.dispute;
        this.description = b.description;
        this.terms = b.terms;
        this.obligations = List.copyOf(b.obligations);
        this.metadata = b.metadata;
        this.targetQuery = b.targetQuery;
        this.digest = b.digest;
        this.warnings = List.copyOf(b.warnings);
        this.document = b.document;
    }

    public String id() { return id; }

    /** The type as given (after alias-free normalization), e.g. {@code freelancer-escrow}. */
    public String type() { return type; }

    /** The registry entry of {@link #type()}; {@link ContractType#CUSTOM} for unknown slugs. */
    public ContractType contractType() { return contractType; }

    public String canonicalType() { return contractType.canonicalName(); }

    public String category() { return contractType.category(); }

    public String version() { return version; }

    public List<Party> parties() { return parties; }

    public Payment payment() { return payment; }

    public List<Condition> conditions() { return conditions; }

    public List<Oracle> oracles() { return oracles; }

    public List<Milestone> milestones() { return milestones; }

    public Optional<Dispute> dispute() { return Optional.ofNullable(dispute); }

    /** Top-level description, else {@code metadata.description}; may be null. */
    public String description() { return description; }

    /** Free-text terms; may be null. */
    public String terms() { return terms; }

    public List<String> obligations() { return obligations; }

    public Metadata metadata() { return metadata; }

    /** The AEO query: {@code target_query}, else the type. */
    public String targetQuery() { return targetQuery; }

    /** SHA-256 hex of the canonical JSON of the normalized document including its id (spec §1.7). */
    public String digest() { return digest; }

    /** Validation warnings (never blocking). */
    public List<Issue> warnings() { return warnings; }

    /** A copy of the normalized JSON document, with the id. */
    public ObjectNode toJson() { return document.deepCopy(); }

    @Override
    public String toString() {
        return "Contract[" + id + ", " + type + "]";
    }

    static final class Builder {
        String id;
        String type;
        String version;
        List<Party> parties = List.of();
        Payment payment;
        List<Condition> conditions = List.of();
        List<Oracle> oracles = List.of();
        List<Milestone> milestones = List.of();
        Dispute dispute;
        String description;
        String terms;
        List<String> obligations = List.of();
        Metadata metadata;
        String targetQuery;
        String digest;
        List<Issue> warnings = List.of();
        ObjectNode document;
    }
}
