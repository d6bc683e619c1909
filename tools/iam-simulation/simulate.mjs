#!/usr/bin/env node
// IAM policy simulation of the roles a full render declares, with an independent simulator
// (@cloud-copilot/iam-simulate, pinned in package-lock.json). For each role it shows:
//   - its workload's actions allowed on its workload's resources, as the expectations file lists them
//     (written by hand from Upbound's workload-identity guides and the stack file, not from the render);
//   - every other workload's actions and resources denied, and the probes every role must be denied;
//   - its trust admitting only its own service account: for IRSA, the web identity of that service
//     account in exactly the listed namespaces; for EKS Pod Identity, sessions tagged with that
//     service account on this cluster (and, for the Space's, its namespace), with the role's
//     associations binding exactly that service account in exactly the listed namespaces.
// Usage:
//   node simulate.mjs RENDER.json EXPECT.json [--report FILE]   exit 1 on any wrong verdict
//   node simulate.mjs --self-test RENDER.json EXPECT.json        exit 1 unless every widened copy fails
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { readFileSync, writeFileSync } from 'node:fs'

const ROLE = 'aws:iam/role:Role'
const ROLE_POLICY = 'aws:iam/rolePolicy:RolePolicy'
const ASSOCIATION = 'aws:eks/podIdentityAssociation:PodIdentityAssociation'
const RELEASE = 'kubernetes:helm.sh/v3:Release'
const POD_IDENTITY = 'pods.eks.amazonaws.com'

// iam-simulate 0.1.173 drops request context keys it does not list for the action
// (simulation_engine/simulationEngine.js, normalizeSimulationParameters): an EKS issuer's keys
// (oidc.eks.REGION.amazonaws.com/id/ID:sub, which no provider list of its has) and KMS's
// encryption-context keys (kms:EncryptionContext:aws:s3:arn, a variable after a ':' where it
// looks for a '/'). The simulation renames them, in policy and request alike, to keys it evaluates
// with the same single-valued string semantics: the issuer to cognito-identity.amazonaws.com
// (whose :sub and :aud it lists for sts:AssumeRoleWithWebIdentity), the encryption context to the
// global aws:RequestTag/kms-encryption-context-aws-s3-arn. The principal, actions, resources,
// operators and values stay as rendered, and every request is checked to have no key dropped.
const OIDC_ALIAS = 'cognito-identity.amazonaws.com'
const KMS_CONTEXT = 'kms:EncryptionContext:aws:s3:arn'
const KMS_CONTEXT_ALIAS = 'aws:RequestTag/kms-encryption-context-aws-s3-arn'

function renamedKey(key, issuer) {
  if (issuer && key.toLowerCase().startsWith(issuer.toLowerCase() + ':')) {
    return OIDC_ALIAS + key.slice(issuer.length)
  }
  return key.toLowerCase() === KMS_CONTEXT.toLowerCase() ? KMS_CONTEXT_ALIAS : key
}

function renamedPolicy(policy, issuer) {
  const copy = JSON.parse(JSON.stringify(policy))
  for (const statement of [copy.Statement].flat()) {
    if (!statement.Condition) continue
    for (const operator of Object.keys(statement.Condition)) {
      const renamed = {}
      for (const [key, value] of Object.entries(statement.Condition[operator])) {
        renamed[renamedKey(key, issuer)] = value
      }
      statement.Condition[operator] = renamed
    }
  }
  return copy
}

function renamedContext(context, issuer) {
  return Object.fromEntries(Object.entries(context).map(([k, v]) => [renamedKey(k, issuer), v]))
}

/** The render's roles, each with its trust, its inline policies and the associations that name it. */
export function rolesOf(render) {
  const resources = render.resources
  const byType = (type) => resources.filter((r) => r.type === type)
  const roles = {}
  for (const role of byType(ROLE)) {
    const name = role.inputs.name
    roles[name] = {
      name,
      path: role.inputs.path ?? '/',
      trust: JSON.parse(role.inputs.assumeRolePolicy),
      permissions: byType(ROLE_POLICY).filter((p) => p.inputs.role === name).map((p) => JSON.parse(p.inputs.policy)),
      associations: []
    }
  }
  for (const association of byType(ASSOCIATION)) {
    const role = Object.values(roles).find((r) => association.inputs.roleArn.endsWith(':role' + r.path + r.name))
    if (!role) throw new Error(`association ${association.name} names no role of the render: ${association.inputs.roleArn}`)
    role.associations.push({ namespace: association.inputs.namespace, serviceAccount: association.inputs.serviceAccount })
  }
  return roles
}

async function simulate(kind, request, policies, issuer) {
  const simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.account },
      contextVariables: renamedContext(request.context ?? {}, issuer)
    },
    identityPolicies: (policies.identity ?? []).map((p, i) => ({ name: `inline-${i}`, policy: renamedPolicy(p, issuer) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policies.resource ? renamedPolicy(policies.resource, issuer) : undefined
  }
  const result = await runSimulation(simulation, {})
  if (result.resultType === 'error') {
    throw new Error(`${kind}: the simulator refused the input (${result.errors.message}): ${JSON.stringify(result.errors)}`)
  }
  if (result.resultType !== 'single') {
    throw new Error(`${kind}: expected a single-resource simulation of ${request.resource}`)
  }
  const ignored = result.result.ignoredContextKeys ?? []
  if (ignored.length > 0) {
    // Fail closed: a verdict reached without a key the request carries proves nothing.
    throw new Error(`${kind}: the simulator dropped context keys ${ignored.join(', ')} of ${request.action}`)
  }
  return result.overallResult === 'Allowed'
}

/** AWS's default key policy: the account may use the key through IAM policies (KMS Developer Guide). */
function defaultKeyPolicy(account) {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*', Resource: '*' }]
  }
}

/**
 * Every verdict for the render against the expectations: a list of {role, check, request, expected,
 * actual}; the failures are those whose actual differs.
 */
export async function verdicts(render, expect) {
  const roles = rolesOf(render)
  const account = expect.account
  const mode = render.outputs.identityMode
  const controlPlaneNamespaces = Object.values(render.outputs.controlPlaneNamespaces ?? {})
  const releaseNamespace = render.resources.find((r) => r.type === RELEASE)?.inputs.namespace
  const workloads = Object.entries(expect.workloads)
  const listedNamespaces = (w) => (w.runs === 'perControlPlane' ? controlPlaneNamespaces : [releaseNamespace])
  const results = []
  const record = (role, check, request, expected, actual) => results.push({ role, check, request, expected, actual })

  for (const [, workload] of workloads) {
    if (!roles[workload.role]) {
      record(workload.role, 'exists', { role: workload.role }, true, false)
    }
  }
  for (const [key, workload] of workloads) {
    const role = roles[workload.role]
    if (!role) continue
    const roleArn = `arn:aws:iam::${account}:role${role.path}${role.name}`
    // What it may do: its own workload's requests allowed, every other workload's denied.
    for (const [otherKey, other] of workloads) {
      for (const request of other.allowed) {
        const resource = request.action.startsWith('kms:') ? defaultKeyPolicy(account) : undefined
        const allowed = await simulate(`${role.name} ${request.action}`, { ...request, principal: roleArn, account },
          { identity: role.permissions, resource })
        record(role.name, otherKey === key ? `${key}: its own work` : `${key}: ${otherKey}'s work`, request,
          otherKey === key, allowed)
      }
    }
    for (const request of expect.deniedToEvery) {
      const resource = request.action.startsWith('kms:') ? defaultKeyPolicy(account) : undefined
      const allowed = await simulate(`${role.name} ${request.action}`, { ...request, principal: roleArn, account },
        { identity: role.permissions, resource })
      record(role.name, `${key}: denied to every role`, request, false, allowed)
    }

    // Who may assume it.
    const own = new Set(listedNamespaces(workload))
    const namespaces = [...new Set([...controlPlaneNamespaces, releaseNamespace, ...expect.otherNamespaces])]
    const serviceAccounts = [...new Set([...workloads.map(([, w]) => w.serviceAccount), ...expect.otherServiceAccounts])]
    const irsa = mode === 'irsa' || mode === 'both'
    const podIdentity = mode === 'podIdentity' || mode === 'both'
    for (const namespace of namespaces) {
      for (const serviceAccount of serviceAccounts) {
        const subject = `system:serviceaccount:${namespace}:${serviceAccount}`
        const request = {
          principal: expect.oidcProviderArn, action: 'sts:AssumeRoleWithWebIdentity', resource: roleArn, account,
          context: { [`${expect.issuer}:sub`]: subject, [`${expect.issuer}:aud`]: 'sts.amazonaws.com' }
        }
        const expected = irsa && serviceAccount === workload.serviceAccount && own.has(namespace)
        record(role.name, `${key}: IRSA trust`, request, expected,
          await simulate(`${role.name} trust`, request, { resource: role.trust }, expect.issuer))
        for (const action of ['sts:AssumeRole', 'sts:TagSession']) {
          const session = {
            principal: POD_IDENTITY, action, resource: roleArn, account,
            context: {
              'aws:RequestTag/eks-cluster-arn': expect.clusterArn,
              'aws:RequestTag/kubernetes-namespace': namespace,
              'aws:RequestTag/kubernetes-service-account': serviceAccount
            }
          }
          // The trust of a workload of every control plane names no namespace (its size would grow with
          // them): the associations below bind the listed ones. The Space's pins its one namespace.
          const admitted = podIdentity && serviceAccount === workload.serviceAccount
            && (workload.runs === 'perControlPlane' || own.has(namespace))
          record(role.name, `${key}: Pod Identity trust`, session, admitted,
            await simulate(`${role.name} trust`, session, { resource: role.trust }))
        }
      }
    }
    // The tokens of another audience, another OIDC provider, another cluster: never.
    const ownSubject = `system:serviceaccount:${[...own][0]}:${workload.serviceAccount}`
    for (const [what, request, issuer] of [
      ['another audience', { principal: expect.oidcProviderArn, action: 'sts:AssumeRoleWithWebIdentity',
        context: { [`${expect.issuer}:sub`]: ownSubject, [`${expect.issuer}:aud`]: 'vector' } }, expect.issuer],
      ['another OIDC provider', { principal: expect.otherOidcProviderArn, action: 'sts:AssumeRoleWithWebIdentity',
        context: { [`${expect.issuer}:sub`]: ownSubject, [`${expect.issuer}:aud`]: 'sts.amazonaws.com' } }, expect.issuer],
      ['another cluster', { principal: POD_IDENTITY, action: 'sts:AssumeRole',
        context: { 'aws:RequestTag/eks-cluster-arn': expect.otherClusterArn, 'aws:RequestTag/kubernetes-namespace': [...own][0],
          'aws:RequestTag/kubernetes-service-account': workload.serviceAccount } }, undefined]
    ]) {
      const full = { ...request, resource: roleArn, account }
      record(role.name, `${key}: trust refuses ${what}`, full, false,
        await simulate(`${role.name} trust`, full, { resource: role.trust }, issuer))
    }
    // The associations bind exactly its own service account in exactly the listed namespaces.
    const bound = new Set(role.associations.map((a) => `${a.namespace}/${a.serviceAccount}`))
    const wanted = new Set(podIdentity ? [...own].map((ns) => `${ns}/${workload.serviceAccount}`) : [])
    const extra = [...bound].filter((b) => !wanted.has(b))
    const missing = [...wanted].filter((b) => !bound.has(b))
    record(role.name, `${key}: Pod Identity associations bind exactly its service account in the listed namespaces`,
      { associations: bound.size, extra, missing }, true, extra.length === 0 && missing.length === 0
        && bound.size === role.associations.length)
  }
  const named = new Set(workloads.map(([, w]) => w.role))
  for (const role of Object.keys(roles).filter((r) => !named.has(r))) {
    record(role, 'a role no workload expects', { role }, false, true)
  }
  return results
}

function failuresOf(results) {
  return results.filter((r) => r.expected !== r.actual)
}

function describe(r) {
  const request = r.request.action
    ? `${r.request.action} on ${r.request.resource}${r.request.principal ? ` by ${r.request.principal}` : ''}`
      + (r.request.context ? ` with ${JSON.stringify(r.request.context)}` : '')
    : JSON.stringify(r.request)
  return `${r.role} [${r.check}] ${request}: expected ${r.expected === true ? 'allowed' : r.expected === false
    ? 'denied' : r.expected}, got ${r.actual === true ? 'allowed' : r.actual === false ? 'denied' : r.actual}`
}

function summary(results) {
  const byRole = {}
  for (const r of results) {
    const entry = byRole[r.role] ??= { allowedAsExpected: 0, deniedAsExpected: 0, wrong: 0 }
    if (r.expected !== r.actual) entry.wrong++
    else if (r.expected === true) entry.allowedAsExpected++
    else entry.deniedAsExpected++
  }
  return Object.entries(byRole).map(([role, e]) => `${role}: ${e.allowedAsExpected} allowed and ${e.deniedAsExpected}`
    + ` denied (or matched) as expected, ${e.wrong} wrong`)
}

/** Copies of the render, each with one policy widened or one association added: each must fail. */
function widened(render, expect) {
  const w = expect.workloads
  const copy = () => JSON.parse(JSON.stringify(render))
  const role = (r, name) => r.resources.find((x) => x.type === ROLE && x.inputs.name === name)
  const policy = (r, name) => r.resources.find((x) => x.type === ROLE_POLICY && x.inputs.role === name)
  const edit = (resource, field, change) => {
    const doc = JSON.parse(resource.inputs[field])
    change(doc)
    resource.inputs[field] = JSON.stringify(doc)
  }
  const cases = []
  const add = (what, change) => {
    const r = copy()
    change(r)
    cases.push({ what, render: r })
  }
  add('control-plane backups may write anywhere in S3', (r) => edit(policy(r, w.controlPlaneBackups.role), 'policy',
    (d) => { d.Statement[1].Resource = 'arn:aws:s3:::*' }))
  add('shared secrets may read every secret', (r) => edit(policy(r, w.sharedSecrets.role), 'policy',
    (d) => { d.Statement[0].Resource = d.Statement[0].Resource.toString().replace(/secret:.*$/, 'secret:*') }))
  add('billing may delete its objects', (r) => edit(policy(r, w.billing.role), 'policy',
    (d) => { d.Statement[1].Action = [d.Statement[1].Action].flat().concat('s3:DeleteObject') }))
  add('Space backups may list every prefix', (r) => edit(policy(r, w.spaceBackups.role), 'policy',
    (d) => { delete d.Statement[0].Condition }))
  add('the billing trust admits any service account', (r) => edit(role(r, w.billing.role), 'assumeRolePolicy', (d) => {
    for (const s of [d.Statement].flat()) {
      if (s.Condition?.StringEquals?.['aws:RequestTag/kubernetes-service-account']) {
        delete s.Condition.StringEquals['aws:RequestTag/kubernetes-service-account']
      }
      const sub = `${expect.issuer}:sub`
      if (s.Condition?.StringEquals?.[sub]) {
        delete s.Condition.StringEquals[sub]
        s.Condition.StringLike = { [sub]: 'system:serviceaccount:*:*' }
      }
    }
  }))
  add('the Space backups trust admits spaces-controller in any namespace', (r) => edit(role(r, w.spaceBackups.role),
    'assumeRolePolicy', (d) => {
      for (const s of [d.Statement].flat()) {
        delete s.Condition?.StringEquals?.['aws:RequestTag/kubernetes-namespace']
        const sub = `${expect.issuer}:sub`
        if (s.Condition?.StringEquals?.[sub]) {
          delete s.Condition.StringEquals[sub]
          s.Condition.StringLike = { [sub]: `system:serviceaccount:*:${w.spaceBackups.serviceAccount}` }
        }
      }
    }))
  add('the control-plane backups trust also names vector', (r) => edit(role(r, w.controlPlaneBackups.role),
    'assumeRolePolicy', (d) => {
      for (const s of [d.Statement].flat()) {
        const tag = 'aws:RequestTag/kubernetes-service-account'
        if (s.Condition?.StringEquals?.[tag]) s.Condition.StringEquals[tag] = [w.controlPlaneBackups.serviceAccount, 'vector']
        const sub = `${expect.issuer}:sub`
        if (s.Condition?.StringEquals?.[sub]) {
          const subjects = [s.Condition.StringEquals[sub]].flat()
          s.Condition.StringEquals[sub] = subjects.concat(subjects.map((x) => x.replace(/:[^:]+$/, ':vector')))
        }
      }
    }))
  add('an association binds the shared-secrets role in the release namespace', (r) => {
    const association = r.resources.find((x) => x.type === ASSOCIATION && x.inputs.serviceAccount === w.sharedSecrets.serviceAccount)
    if (!association) {
      // IRSA alone: no association to misplace; widen the IRSA subjects instead.
      edit(role(r, w.sharedSecrets.role), 'assumeRolePolicy', (d) => {
        const sub = `${expect.issuer}:sub`
        for (const s of [d.Statement].flat()) {
          if (s.Condition?.StringEquals?.[sub]) s.Condition.StringEquals[sub] = [s.Condition.StringEquals[sub]].flat()
            .concat(`system:serviceaccount:upbound-system:${w.sharedSecrets.serviceAccount}`)
        }
      })
      return
    }
    r.resources.push({ ...JSON.parse(JSON.stringify(association)), name: 'widened',
      inputs: { ...association.inputs, namespace: r.resources.find((x) => x.type === RELEASE).inputs.namespace } })
  })
  return cases
}

async function main(argv) {
  const selfTest = argv[0] === '--self-test'
  const args = selfTest ? argv.slice(1) : argv
  const [renderFile, expectFile] = args
  const reportIndex = args.indexOf('--report')
  if (!renderFile || !expectFile) {
    console.error('usage: simulate.mjs [--self-test] RENDER.json EXPECT.json [--report FILE]')
    return 2
  }
  const render = JSON.parse(readFileSync(renderFile, 'utf8'))
  const expect = JSON.parse(readFileSync(expectFile, 'utf8'))
  if (selfTest) {
    let caught = 0
    const cases = widened(render, expect)
    for (const c of cases) {
      const failures = failuresOf(await verdicts(c.render, expect))
      if (failures.length === 0) {
        console.error(`self-test: "${c.what}" was not caught: every verdict still as expected`)
      } else {
        caught++
        console.log(`self-test: "${c.what}" caught by ${failures.length} wrong verdicts, first: ${describe(failures[0])}`)
      }
    }
    console.log(`self-test: ${caught} of ${cases.length} widened copies of ${renderFile} fail the simulation`)
    return caught === cases.length ? 0 : 1
  }
  const results = await verdicts(render, expect)
  const failures = failuresOf(results)
  const lines = [`${renderFile} (identity mode ${render.outputs.identityMode}): ${results.length} verdicts,`
    + ` ${failures.length} wrong`, ...summary(results)]
  if (reportIndex >= 0) {
    writeFileSync(args[reportIndex + 1], lines.concat(results.map((r) => (r.expected === r.actual ? 'ok    ' : 'WRONG ')
      + describe(r))).join('\n') + '\n')
  }
  lines.forEach((l) => console.log(l))
  failures.forEach((f) => console.error('WRONG ' + describe(f)))
  return failures.length === 0 ? 0 : 1
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    console.error(`simulate.mjs: ${e.message}`)
    process.exit(1)
  })
}
