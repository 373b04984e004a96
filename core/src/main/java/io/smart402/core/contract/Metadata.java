package io.smart402.core.contract;

import java.time.Instant;
import java.util.List;

/**
 * The metadata fields the phases read (spec §1.5); absent values are null, empty lists, false or 0.
 * Other metadata members stay in the contract document untouched.
 */
public record Metadata(String title, String description, String category, List<String> tags, List<String> keywords,
                       String jurisdiction, String governingLaw, String duration, String industry,
                       List<String> platforms, Instant createdAt, Instant updatedAt, Instant asOf,
                       List<Instant> citations, boolean creatorVerified, long deployments, double avgRating,
                       boolean audited, boolean smartContractEnabled) {

    public Metadata {
        tags = List.copyOf(tags);
        keywords = List.copyOf(keywords);
        platforms = List.copyOf(platforms);
        citations = List.copyOf(citations);
    }
}
