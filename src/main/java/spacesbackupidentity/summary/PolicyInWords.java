package spacesbackupidentity.summary;

import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static spacesbackupidentity.summary.Markdown.code;

/**
 * An IAM policy document as a reviewer reads it, statement by statement: who, which actions, on
 * what, under which conditions. Read with the AWS SDK's own policy reader ({@link IamPolicy#fromJson}),
 * which splits a condition with several values into one condition per value; they are put back
 * together here.
 */
final class PolicyInWords {
    private PolicyInWords() {
    }

    /** One condition: an operator, a key and its values (any one of which satisfies it). */
    record Condition(String operator, String key, List<String> values) {
        String words() {
            return code(operator) + " " + code(key) + " = " + (values.size() == 1 ? code(values.get(0))
                    : "any of " + values.stream().map(Markdown::code).collect(Collectors.joining(", ")));
        }
    }

    /**
     * One statement. {@code actions} and {@code resources} are as written; {@code notActions} and
     * {@code notResources} (and the principal's {@code NotPrincipal}) widen a statement and are
     * spelled out as "every action but".
     */
    record Statement(String effect, List<String> principals, List<String> actions, List<String> resources,
                     List<Condition> conditions) {
        /** What is granted or denied, as words: "Allow `s3:GetObject` on `arn:...`". */
        String grant() {
            return effect + " " + String.join(", ", actions) + (resources.isEmpty() ? "" : " on "
                    + String.join(", ", resources));
        }

        /** The conditions in words, " when A and B", or "". */
        String when() {
            return conditions.isEmpty() ? "" : " when " + conditions.stream().map(Condition::words)
                    .collect(Collectors.joining(" and "));
        }
    }

    /** @throws IllegalArgumentException when the text is not a policy the SDK can read */
    static List<Statement> read(String json) {
        IamPolicy policy;
        try {
            policy = IamPolicy.fromJson(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an IAM policy the AWS SDK can read", e);
        }
        var statements = new ArrayList<Statement>();
        for (var statement : policy.statements()) {
            var principals = new ArrayList<String>();
            statement.principals().forEach(p -> principals.add(principal(p)));
            statement.notPrincipals().forEach(p -> principals.add("every principal but " + principal(p)));
            var actions = new ArrayList<String>();
            statement.actions().forEach(a -> actions.add(code(a.value())));
            statement.notActions().forEach(a -> actions.add("every action but " + code(a.value())));
            var resources = new ArrayList<String>();
            statement.resources().forEach(r -> resources.add(code(r.value())));
            statement.notResources().forEach(r -> resources.add("every resource but " + code(r.value())));
            statements.add(new Statement(statement.effect().value(), principals, actions, resources,
                    conditions(statement.conditions())));
        }
        return statements;
    }

    private static String principal(IamPrincipal principal) {
        return principal.type().value() + " " + code(principal.id());
    }

    /** Conditions with the same operator and key, which the reader split by value, as one. */
    private static List<Condition> conditions(List<IamCondition> conditions) {
        var grouped = new LinkedHashMap<List<String>, List<String>>();
        for (var condition : conditions) {
            grouped.computeIfAbsent(List.of(value(condition.operator()), value(condition.key())),
                    k -> new ArrayList<>()).add(condition.value());
        }
        var result = new ArrayList<Condition>();
        grouped.forEach((k, values) -> result.add(new Condition(k.get(0), k.get(1), List.copyOf(values))));
        return result;
    }

    private static String value(IamValue value) {
        return Optional.ofNullable(value).map(IamValue::value).orElse("");
    }
}
