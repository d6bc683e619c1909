// peer.js: the Node.js peer of the Java spaces-backup-identity benchmark.
//
// It measures how long @pulumi/pulumi's Node SDK takes, under pulumi.runtime.setMocks, to
// declare the Pod Identity stack (IAM role + policy, one EKS pod identity association and one
// DeploymentPatch per control plane, a kubernetes provider, a Helm release, three
// SharedBackupConfigs, 15 stack outputs) and to resolve every registration and stack output.
//
// Usage: node peer.js N1,N2,... RUNS
// Prints one JSON line: [{controlPlanes, resources, medianMs, runsMs}, ...].
// Each N gets 2 warm-up evaluations and RUNS timed ones; N values are interleaved per round.
// Isolation: every evaluation calls setMocks() again, which builds a new MockMonitor (empty
// resource map) and resets the SDK's runtime store (stack resource, RPC queue, leak set,
// feature flags); the program then runs inside a new root Stack via runInPulumiStack.
// Timing: process.hrtime.bigint() from just before runInPulumiStack (the first declaration)
// until the stack outputs, every resource's urn/id and the SDK's RPC queue have all resolved.
"use strict";
const crypto = require("crypto");
const pulumi = require("@pulumi/pulumi");

const PROJECT = "spaces-backup-identity";
const STACK = "bench";
const ROLE_ARN = "arn:aws:iam::111122223333:role/spaces-backup-identity-bench";
const GROUPS = ["group-0", "group-1", "group-2"];

const TRUST_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{
        Sid: "AllowEksPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: {
            StringEquals: { "aws:SourceAccount": "111122223333" },
            ArnEquals: { "aws:SourceArn": "arn:aws:eks:us-east-1:111122223333:cluster/acme-bench" },
        },
    }],
});
const PERMISSIONS_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "ListBackupPrefix", Effect: "Allow", Action: ["s3:ListBucket"],
            Resource: ["arn:aws:s3:::acme-spaces-backups"],
            Condition: { StringLike: { "s3:prefix": ["bench", "bench/*"] } },
        },
        {
            Sid: "ReadWriteBackupObjects", Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: ["arn:aws:s3:::acme-spaces-backups/bench/*"],
        },
    ],
});
const TRUST_POLICY_QUOTA = 2048;

const mocks = {
    newResource(args) {
        const state = args.type === "aws:iam/role:Role" ? { ...args.inputs, arn: ROLE_ARN } : args.inputs;
        return { id: args.name + "-id", state };
    },
    call: () => ({}),
};

function controlPlanes(n) {
    const cps = [];
    for (let i = 0; i < n; i++) {
        const uuid = `7f3c2a10-5b4e-4d2a-9c61-${String(i).padStart(12, "0")}`;
        cps.push({ name: `ctp-${i}`, group: GROUPS[i % 3], namespace: `mxp-${uuid}-system` });
    }
    return cps;
}

// The stack program. `track` collects every resource so the caller can await its registration.
function program(n, track) {
    const res = (r) => { track.push(r); return r; };
    const cps = controlPlanes(n);
    const digest = crypto.createHash("sha256").update(TRUST_POLICY).update(PERMISSIONS_POLICY).digest("hex");

    // `arn: undefined` declares arn as an output property, as the generated aws.iam.Role does.
    const role = res(new pulumi.CustomResource("aws:iam/role:Role", "backup-role", {
        name: "spaces-backup-identity-bench", path: "/",
        description: "Lets Upbound Spaces control planes write backups to S3 via EKS Pod Identity",
        assumeRolePolicy: TRUST_POLICY, maxSessionDuration: 3600,
        tags: { environment: "bench", owner: "platform" }, arn: undefined,
    }));
    const policy = res(new pulumi.CustomResource("aws:iam/rolePolicy:RolePolicy", "backup-role-permissions", {
        role: role.name, name: "spaces-backup-objects", policy: PERMISSIONS_POLICY,
    }));
    const associations = cps.map((cp) => res(new pulumi.CustomResource(
        "aws:eks/podIdentityAssociation:PodIdentityAssociation", `pod-identity-${cp.group}/${cp.name}`, {
            clusterName: "acme-bench", namespace: cp.namespace, serviceAccount: "mxp-controller", roleArn: role.arn,
        })));
    const provider = res(new pulumi.ProviderResource("kubernetes", "spaces-cluster", {
        kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"),
        enableServerSideApply: "true", upsertExistingObjects: "false",
    }, { version: "4.32.0" }));
    const release = res(new pulumi.CustomResource("kubernetes:helm.sh/v3:Release", "spaces-release", {
        name: "spaces", namespace: "upbound-system", createNamespace: true,
        chart: "oci://xpkg.upbound.io/spaces-artifacts/spaces", version: "1.14.1",
        values: { account: "acme", controlPlanes: { mxpController: { pod: { customLabels: { team: "platform" } } } } },
    }, { provider, dependsOn: [role, policy] }));
    cps.forEach((cp, i) => res(new pulumi.CustomResource(
        "kubernetes:apps/v1:DeploymentPatch", `rollout-${cp.group}/${cp.name}`, {
            metadata: {
                name: "mxp-controller", namespace: cp.namespace,
                annotations: {
                    "pulumi.com/patchForce": "true", "pulumi.com/patchFieldManager": "spaces-backup-identity",
                },
            },
            spec: { template: { metadata: { annotations: { "spaces-backup-identity/identity-digest": digest } } } },
        }, { provider, dependsOn: [release, role, policy, associations[i]], retainOnDelete: true })));
    const configs = GROUPS.map((group) => res(new pulumi.CustomResource(
        "kubernetes:spaces.upbound.io/v1alpha1:SharedBackupConfig", `shared-backup-config-${group}`, {
            apiVersion: "spaces.upbound.io/v1alpha1", kind: "SharedBackupConfig",
            metadata: { name: "default", namespace: group },
            spec: {
                objectStorage: {
                    provider: "AWS", bucket: "acme-spaces-backups", prefix: "bench",
                    config: { region: "us-east-1", endpoint: "s3.us-east-1.amazonaws.com" },
                    credentials: { source: "InjectedIdentity" },
                },
            },
        }, { provider, dependsOn: [release, role, policy] })));

    const namespaces = {};
    for (const cp of [...cps].sort((a, b) => (a.group + "/" + a.name).localeCompare(b.group + "/" + b.name))) {
        namespaces[`${cp.group}/${cp.name}`] = cp.namespace;
    }
    return {
        roleArn: role.arn,
        roleName: role.name,
        trustPolicy: TRUST_POLICY,
        permissionsPolicy: PERMISSIONS_POLICY,
        controlPlaneNamespaces: namespaces,
        trustPolicySize: TRUST_POLICY.length,
        trustPolicyQuota: TRUST_POLICY_QUOTA,
        trustPolicyRemainingCharacters: TRUST_POLICY_QUOTA - TRUST_POLICY.length,
        identityMode: "podIdentity",
        remainingControlPlanes: Math.max(0, 5000 - n), // placeholder; only its shape matters here
        identityDigest: digest,
        sharedBackupConfigs: configs.map((_, k) => `${GROUPS[k]}/default`),
        sharedBackupSchedules: [],
        releaseName: release.name,
        releaseNamespace: release.namespace,
    };
}

// One evaluation: fresh mocks + runtime state, run the program in a new root stack, await everything.
async function evaluate(n) {
    await pulumi.runtime.setMocks(mocks, PROJECT, STACK, false);
    const track = [];
    const start = process.hrtime.bigint();
    const outputs = await pulumi.runtime.runInPulumiStack(async () => program(n, track));
    await Promise.all(track.map((r) => Promise.all([r.urn.promise(),
        pulumi.CustomResource.isInstance(r) ? r.id.promise() : undefined])));
    await pulumi.runtime.waitForRPCs(); // includes the stack's registerOutputs call
    const ms = Number(process.hrtime.bigint() - start) / 1e6;

    const monitor = pulumi.runtime.getMonitor();
    const types = [...monitor.resources.values()].map((r) => r.urn.split("::")[2]);
    const resources = types.filter((t) => t !== "pulumi:pulumi:Stack").length;
    const outputCount = Object.keys(outputs).length;
    if (resources !== track.length || types.length !== resources + 1 || outputCount !== 15) {
        throw new Error(`unexpected counts: ${resources} registered, ${track.length} declared, ${outputCount} outputs`);
    }
    if (Object.keys(outputs.controlPlaneNamespaces).length !== n || outputs.roleArn !== ROLE_ARN) {
        throw new Error("unexpected stack outputs");
    }
    const leaks = global.globalStore ? global.globalStore.leakCandidates.size : 0;
    if (leaks !== 0) throw new Error(`${leaks} promises still pending after evaluation`);
    return { ms, resources };
}

function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main() {
    const [sizesArg, runsArg] = process.argv.slice(2);
    if (!sizesArg || !runsArg) {
        console.error("usage: node peer.js N1,N2,... RUNS");
        process.exit(2);
    }
    const sizes = sizesArg.split(",").map(Number);
    const runs = Number(runsArg);
    const results = sizes.map((n) => ({ controlPlanes: n, resources: 0, medianMs: 0, runsMs: [] }));
    for (let round = -2; round < runs; round++) { // rounds -2 and -1 are warm-ups
        for (const r of results) {
            const { ms, resources } = await evaluate(r.controlPlanes);
            r.resources = resources;
            if (round >= 0) r.runsMs.push(Math.round(ms * 1000) / 1000);
        }
    }
    for (const r of results) r.medianMs = Math.round(median(r.runsMs) * 1000) / 1000;
    process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((err) => { console.error(err); process.exit(1); });
