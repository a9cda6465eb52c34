// Stock ONVIF event clients against the appliance's event service; prints one JSON line per received message.
//   node onvif-event-client.js soap  EVENT_SERVICE_URL SHARED_ONVIF_DIR   node-soap client built from the official event.wsdl
//   node onvif-event-client.js onvif HOST PORT                             npm `onvif` Cam: createPullPointSubscription + pullMessages
//   node onvif-event-client.js device HOST PORT                            npm `onvif` Cam: connect (GetProfiles, GetVideoSources), device information, GetRecordings, GetRecordingSummary, GetReplayUri, GetStreamUri, GetAudioSources, GetAudioSourceConfigurations, GetAudioEncoderConfigurations
// Both sign in with the user in env NVR_USER / NVR_PASSWORD (WS-Security UsernameToken, PasswordDigest).
// Exit 0 when a CreatePullPointSubscription and a PullMessages succeeded (the caller judges the messages).
'use strict';
const path = require('path');

const [mode, ...args] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const user = process.env.NVR_USER;
const password = process.env.NVR_PASSWORD;
const fail = (e) => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); };

async function viaSoap(url, onvifDir) {
  const soap = require('soap');
  // event.wsdl imports the OASIS/W3C documents by their web address: read the copies kept under SHARED_ONVIF_DIR/external.
  const local = (location) => {
    const m = /^https?:\/\/((?:docs\.oasis-open\.org|www\.w3\.org)\/.*)$/.exec(location);
    return m ? path.join(onvifDir, 'external', m[1]) : location;
  };
  const client = await soap.createClientAsync(path.join(onvifDir, 'ver10/events/wsdl/event.wsdl'), {
    forceSoap12Headers: true,
    wsdl_options: { overrideImportLocation: local },
  });
  if (user) {
    client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest' }));
  }
  // The ONVIF WSDLs define bindings but no wsdl:service (node-soap post-processes bindings only through services):
  // complete the bindings as a service would, then invoke their operations at an explicit address.
  const definitions = client.wsdl.definitions;
  for (const binding of Object.values(definitions.bindings)) {
    binding.postProcess(definitions);
  }
  const call = (binding, operation, body, location) => new Promise((resolve, reject) => {
    const method = definitions.bindings[binding].methods[operation];
    client._invoke(method, body, location, (err, result) => (err ? reject(err) : resolve(result)), {}, {});
  });
  const created = await call('EventBinding', 'CreatePullPointSubscription', { InitialTerminationTime: 'PT60S' }, url);
  const address = created.SubscriptionReference.Address.$value || created.SubscriptionReference.Address;
  out({ kind: 'created', address, currentTime: created.CurrentTime, terminationTime: created.TerminationTime });
  const pulled = await call('PullPointSubscriptionBinding', 'PullMessages', { Timeout: 'PT5S', MessageLimit: 100 }, address);
  const messages = [].concat(pulled.NotificationMessage || []);
  for (const m of messages) {
    const msg = m.Message.Message;
    const items = (part) => Object.fromEntries([].concat((msg[part] && msg[part].SimpleItem) || []).map((i) => [i.attributes.Name, i.attributes.Value]));
    out({ kind: 'message', topic: m.Topic.$value, operation: msg.attributes.PropertyOperation, source: items('Source'), data: items('Data') });
  }
  await call('SubscriptionManagerBinding', 'Unsubscribe', {}, address);
  out({ kind: 'done', count: messages.length });
}

function viaOnvif(hostname, port) {
  const { Cam } = require('onvif');
  const cam = new Cam({ hostname, port: Number(port), username: user, password, autoconnect: false, timeout: 20000 });
  const step = (fn) => new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
  return (async () => {
    // As connect() does: the device clock first (PRE_AUTH); the package dates its UsernameTokens by the offset it measures.
    await step((cb) => cam.getSystemDateAndTime(cb));
    await step((cb) => cam.getServices(true, cb)); // GetServices gives the event service's XAddr (this device has no legacy GetCapabilities)
    const created = await step((cb) => cam.createPullPointSubscription(cb));
    out({ kind: 'created', address: created.subscriptionReference && created.subscriptionReference.address });
    const pulled = await step((cb) => cam.pullMessages({ timeout: 5000, messageLimit: 100 }, cb));
    const messages = [].concat(pulled.notificationMessage || []);
    for (const m of messages) {
      const msg = m.message.message;
      const items = (part) => Object.fromEntries([].concat((msg[part] && msg[part].simpleItem) || []).map((i) => [i.$.Name, i.$.Value]));
      const topic = typeof m.topic._ === 'string' ? m.topic._ : String(m.topic);
      out({ kind: 'message', topic, operation: msg.$ && msg.$.PropertyOperation, source: items('source'), data: items('data') });
    }
    await step((cb) => cam.unsubscribe(cb));
    out({ kind: 'done', count: messages.length });
  })();
}

// What a node VMS front end does with a newly added device: connect() (clock, GetServices, media profiles if the
// device has a media service), identify it, then use the recording, search and replay services it discovered.
function viaOnvifDevice(hostname, port) {
  const { Cam } = require('onvif');
  const cam = new Cam({ hostname, port: Number(port), username: user, password, autoconnect: false, timeout: 20000 });
  const step = (fn) => new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
  return (async () => {
    await step((cb) => cam.connect(cb));
    out({ kind: 'services', uri: Object.fromEntries(Object.entries(cam.uri || {}).map(([name, u]) => [name, u.href])) });
    out({ kind: 'device', info: await step((cb) => cam.getDeviceInformation(cb)) });
    const items = [].concat((await step((cb) => cam.getRecordings(cb))) || []);
    out({ kind: 'recordings', tokens: items.map((r) => r.recordingToken) });
    out({ kind: 'summary', summary: await step((cb) => cam.getRecordingSummary(cb)) });
    if (items.length > 0) {
      out({ kind: 'replay', uri: await step((cb) => cam.getReplayUri({ recordingToken: items[0].recordingToken }, cb)) });
    }
    // connect() read the media profiles and video sources (Profile S, media ver10): the live stream of the first one
    const profiles = cam.profiles || [];
    out({ kind: 'profiles', tokens: profiles.map((p) => p.$ && p.$.token), names: profiles.map((p) => p.name) });
    if (profiles.length > 0) {
      const media = await step((cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: profiles[0].$.token }, cb));
      out({ kind: 'stream', uri: media.uri, timeout: media.timeout });
    }
    // the audio of the relayed cameras (media ver10): sources, source and encoder configurations (the package reads
    // these lists only when they are not empty: asked when a profile has audio)
    if (profiles.some((p) => p.audioEncoderConfiguration)) {
      const list = async (fn) => [].concat((await step(fn)) || []);
      const audioSources = await list((cb) => cam.getAudioSources(cb));
      const audioSourceConfigurations = await list((cb) => cam.getAudioSourceConfigurations(cb));
      const audioEncoders = await list((cb) => cam.getAudioEncoderConfigurations(cb));
      out({
        kind: 'audio',
        sources: audioSources.map((s) => ({ token: s.$ && s.$.token, channels: s.channels })),
        sourceConfigurations: audioSourceConfigurations.map((c) => ({ token: c.$ && c.$.token, sourceToken: c.sourceToken })),
        encoders: audioEncoders.map((c) => ({ token: c.$ && c.$.token, encoding: c.encoding, sampleRate: c.sampleRate, bitrate: c.bitrate })),
      });
    }
    out({ kind: 'done' });
  })();
}

const modes = { soap: viaSoap, onvif: viaOnvif, device: viaOnvifDevice };
(modes[mode] ? modes[mode](args[0], args[1]) : Promise.reject(new Error('mode soap|onvif|device'))).catch(fail);
